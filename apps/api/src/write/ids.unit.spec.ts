import { commandIdFor, eventIdFor, timeOrderedUuid, uuidFrom } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('a command without an Idempotency-Key gets a version 7 id that sorts by time', () => {
    const earlier = timeOrderedUuid(Date.UTC(2026, 10, 28, 12));
    const later = timeOrderedUuid(Date.UTC(2026, 10, 28, 12, 0, 0, 1));
    expect(earlier).toMatch(UUID);
    expect(UUID.exec(earlier)?.[1]).toBe('7');
    expect(earlier < later).toBe(true);
    expect(timeOrderedUuid(0)).not.toBe(timeOrderedUuid(0));
    expect(UUID.exec(commandIdFor())?.[1]).toBe('7');
  });

  it('a keyed command keeps its name-based id: the same key and actor, the same command', () => {
    expect(commandIdFor('key-1', 'officer')).toBe(uuidFrom('asn:command', 'officer', 'key-1'));
    expect(commandIdFor('key-1', 'other')).not.toBe(commandIdFor('key-1', 'officer'));
  });

  it('events of a time-ordered command share its time prefix, deterministically, one id per index', () => {
    const commandId = timeOrderedUuid(Date.UTC(2026, 10, 28, 12));
    const ids = [0, 1, 2].map((i) => eventIdFor(commandId, i));
    expect(ids.map((id) => eventIdFor(commandId, ids.indexOf(id)))).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      expect(id).toMatch(UUID);
      expect(UUID.exec(id)?.[1]).toBe('8');
      expect(id.slice(0, 13)).toBe(commandId.slice(0, 13));
    }
    const later = eventIdFor(timeOrderedUuid(Date.UTC(2026, 10, 28, 12, 0, 1)), 0);
    expect(ids.every((id) => id < later)).toBe(true);
  });

  it('events of a keyed command keep their name-based ids', () => {
    const commandId = commandIdFor('key-1', 'officer');
    expect(eventIdFor(commandId, 0)).toBe(uuidFrom('asn:event', commandId, '0'));
  });
});
