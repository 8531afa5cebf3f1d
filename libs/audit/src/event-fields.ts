import type { RecordedEvent } from '@asn/event-store';

type Data = Record<string, unknown>;

const dataOf = (event: RecordedEvent): Data =>
  event.data !== null && typeof event.data === 'object' ? (event.data as Data) : {};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The date from which the change counts (TMT), whatever the event type calls it; null when it has none. */
export function effectiveDateOf(event: RecordedEvent): string | null {
  const d = dataOf(event);
  return (
    text(d.effectiveDate) ??
    text(d.from) ??
    text(d.joinedOn) ??
    text(d.startDate) ??
    (event.type === 'ActingExtended' ? text(d.endDate) : undefined) ??
    null
  );
}

/** The decree a line event, a DecreeIssued or a DecreeAnnulled is about. */
export function decreeIdOf(event: RecordedEvent): string | undefined {
  return text(dataOf(event).decreeId);
}

/** The recording time in epoch milliseconds (NaN when the event has none). */
export function recordedAtOf(event: RecordedEvent): number {
  return Date.parse(event.metadata.recordedAt);
}

export function field(event: RecordedEvent, name: string): string | undefined {
  return text(dataOf(event)[name]);
}

/** The decree reference in the event's data (`decree: { number, ... }`), if it carries one. */
export function dataDecreeNumber(event: RecordedEvent): string | undefined {
  const decree = dataOf(event).decree;
  return decree !== null && typeof decree === 'object' ? text((decree as Data).number) : undefined;
}
