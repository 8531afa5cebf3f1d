import { createHash } from 'node:crypto';
import { commandIdFor, eventIdFor, fingerprint, timeOrderedUuid, uuidFrom } from './ids';

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

  it('name-based ids and request fingerprints stay what they were: logs and retries depend on them', () => {
    // The first implementation, byte by byte: version 5 layout of SHA-1.
    const reference = (...parts: string[]): string => {
      const bytes = createHash('sha1').update(parts.join('\u0000')).digest();
      bytes[6] = (bytes[6] & 0x0f) | 0x50;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = bytes.subarray(0, 16).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    for (let i = 0; i < 500; i++) {
      const parts = ['asn:event', `command-${i}`, String(i % 7)];
      expect(uuidFrom(...parts)).toBe(reference(...parts));
    }
    expect(uuidFrom('asn:command', 'officer', 'key-1')).toBe('304f9c2e-456a-5656-8a66-9b76488d3277');
    expect(fingerprint({ b: 1, a: [true, 'x'] })).toBe(
      createHash('sha256').update('{"a":[true,"x"],"b":1}').digest('base64url'),
    );
  });
});
