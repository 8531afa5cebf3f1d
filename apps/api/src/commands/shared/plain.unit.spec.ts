import { plain } from './plain';

class Dto {
  kept = 'x';
  gone?: string = undefined;
  nested = { when: new Date('2026-11-28T00:00:00Z'), list: [1, undefined, NaN, { a: undefined, b: 2 }] };
  method(): number {
    return 1;
  }
}

describe('plain', () => {
  it.each([
    ['a class instance with undefined fields, dates and holes', new Dto()],
    ['nested arrays and objects', { a: [[1, 2], { b: [null, 'c'] }], d: -0, e: Infinity, f: true }],
    ['an object with a function and a symbol', { f: () => 1, s: Symbol('s'), k: 'v' }],
  ])('gives what a JSON round trip gives: %s', (_name, value) => {
    const copied = plain<unknown>(value);
    expect(copied).toEqual(JSON.parse(JSON.stringify(value)));
    expect(JSON.stringify(copied)).toBe(JSON.stringify(value));
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
  });

  it('copies: the domain never shares an object with the request', () => {
    const dto = { inner: { x: 1 } };
    const copied = plain<typeof dto>(dto);
    expect(copied.inner).not.toBe(dto.inner);
  });
});
