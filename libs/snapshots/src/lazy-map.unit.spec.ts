import { DeferredSet } from './lazy-map';

describe('DeferredSet', () => {
  const stored = ['a', 'b', 'c'];

  it('takes additions without reading the stored members', () => {
    const load = jest.fn(() => stored);
    const set = new DeferredSet(load);
    expect(set.unchanged).toBe(true);
    set.add('d').add('a');
    expect(load).not.toHaveBeenCalled();
    expect(set.unchanged).toBe(false);
  });

  it('reads as the stored set with the additions made to it, in the same order', () => {
    const set = new DeferredSet(() => stored);
    set.add('d').add('a').add('e');
    const eager = new Set(stored).add('d').add('a').add('e');
    expect([...set]).toEqual([...eager]);
    expect(set.size).toBe(eager.size);
    expect(set.has('b')).toBe(true);
  });

  it('reads the stored members before a deletion or a lookup', () => {
    const removed = new DeferredSet(() => stored);
    expect(removed.delete('b')).toBe(true);
    expect([...removed]).toEqual(['a', 'c']);
    const looked = new DeferredSet(() => stored);
    expect(looked.has('z')).toBe(false);
    expect(looked.unchanged).toBe(false);
  });
});
