import { employeeStream } from '@asn/domain';
import type { EventStore, Position, RecordedEvent } from '@asn/event-store';
import { comparePositions } from '@asn/event-store';
import { dataDecreeNumber, decreeIdOf, effectiveDateOf, field } from './event-fields';
import { streamEvents } from './read-pages';

/** Whose history: an employee (by NIP), a position or a unit (by id). */
export type HistorySubject =
  { kind: 'employee'; nip: string } | { kind: 'position'; id: string } | { kind: 'unit'; id: string };

export interface DecreeReference {
  decreeId: string | null;
  number: string | null;
}

/** The annulment that cancelled an event's decree. */
export interface Annulment {
  eventId: string;
  position: Position;
  recordedAt: string;
  actor: string;
  reason: string | null;
  decree: DecreeReference | null;
}

/** One entry of `GET /audit/.../history` (API.md, "Audit"). */
export interface HistoryEntry {
  eventId: string;
  type: string;
  stream: string;
  revision: number;
  position: Position;
  effectiveDate: string | null;
  recordedAt: string;
  actor: string;
  decree: DecreeReference | null;
  data: unknown;
  annulledBy?: Annulment;
  hash: string | null;
}

export interface HistoryPage {
  /** null when the subject has no event at all (unknown employee, position or unit). */
  entries: HistoryEntry[] | null;
  /** Pass as `after` to read the next page; null on the last page. */
  next: Position | null;
}

export interface HistoryOptions {
  /** The staffing stream of the instansi, e.g. `staffing-3374`. */
  staffingStream: string;
  /** Exclusive: entries after this global position. */
  after?: Position;
  limit?: number;
}

interface DecreeTrail {
  number: string | null;
  issued?: RecordedEvent;
  annulment?: RecordedEvent;
}

/**
 * Every event about the subject, in log order, read from the event store: the facts themselves, and the
 * DecreeIssued and DecreeAnnulled of every decree that touched it, each line marked with its annulment.
 */
export async function historyOf(
  store: EventStore,
  subject: HistorySubject,
  options: HistoryOptions,
): Promise<HistoryPage> {
  const decrees = new Map<string, DecreeTrail>();
  const involved = new Set<string>();
  const matched: RecordedEvent[] = [];
  const concerns = matcher(subject);
  for await (const event of streamEvents(store, options.staffingStream)) {
    const decreeId = decreeIdOf(event);
    if (event.type === 'DecreeIssued' && decreeId) {
      decrees.set(decreeId, { number: dataDecreeNumber(event) ?? null, issued: event });
      continue;
    }
    if (event.type === 'DecreeAnnulled' && decreeId) {
      const trail = decrees.get(decreeId) ?? { number: null };
      decrees.set(decreeId, { ...trail, annulment: event });
      continue;
    }
    if (!concerns(event)) continue;
    matched.push(event);
    if (decreeId) involved.add(decreeId);
  }
  for (const decreeId of involved) {
    const trail = decrees.get(decreeId);
    if (trail?.issued) matched.push(trail.issued);
    if (trail?.annulment) matched.push(trail.annulment);
  }
  if (subject.kind === 'employee') {
    for await (const event of streamEvents(store, employeeStream(subject.nip))) matched.push(event);
  }
  if (matched.length === 0) return { entries: null, next: null };
  matched.sort((a, b) => comparePositions(a.position, b.position));

  const after = options.after;
  const from = after === undefined ? matched : matched.filter((e) => comparePositions(e.position, after) > 0);
  const limit = options.limit ?? from.length;
  const page = from.slice(0, limit);
  return {
    entries: page.map((event) => toEntry(event, decrees)),
    next: from.length > limit && page.length > 0 ? page[page.length - 1].position : null,
  };
}

/** Whether an event of the staffing stream is about the subject (decree events are added afterwards). */
function matcher(subject: HistorySubject): (event: RecordedEvent) => boolean {
  switch (subject.kind) {
    case 'employee':
      return (event) => field(event, 'nip') === subject.nip;
    case 'position':
      return (event) =>
        field(event, 'positionId') === subject.id || field(event, 'fromPositionId') === subject.id;
    case 'unit': {
      // Positions are established (or moved in) before anything refers to them, so one pass learns them in time.
      const positions = new Set<string>();
      return (event) => {
        const positionId = field(event, 'positionId');
        const arrives = event.type === 'PositionEstablished' || event.type === 'PositionMoved';
        if (arrives && field(event, 'unitId') === subject.id && positionId) {
          positions.add(positionId);
        }
        const fromPositionId = field(event, 'fromPositionId');
        return (
          field(event, 'unitId') === subject.id ||
          field(event, 'parentId') === subject.id ||
          field(event, 'fromUnitId') === subject.id ||
          (positionId !== undefined && positions.has(positionId)) ||
          (fromPositionId !== undefined && positions.has(fromPositionId))
        );
      };
    }
  }
}

function toEntry(event: RecordedEvent, decrees: Map<string, DecreeTrail>): HistoryEntry {
  const { metadata } = event;
  const decreeId = decreeIdOf(event);
  const trail = decreeId === undefined ? undefined : decrees.get(decreeId);
  const entry: HistoryEntry = {
    eventId: metadata.eventId ?? event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    effectiveDate: effectiveDateOf(event),
    recordedAt: metadata.recordedAt,
    actor: metadata.actor,
    decree: decreeOf(event, trail),
    data: event.data,
    hash: metadata.hash ?? null,
  };
  if (trail?.annulment && event.type !== 'DecreeAnnulled') entry.annulledBy = annulmentOf(trail.annulment);
  return entry;
}

/** The decree that made the change: a line's own decree, or the one an event carries in its data. */
function decreeOf(event: RecordedEvent, trail: DecreeTrail | undefined): DecreeReference | null {
  const decreeId = decreeIdOf(event);
  const meta = event.metadata.decree ?? undefined;
  if (decreeId !== undefined && event.type !== 'DecreeAnnulled') {
    return { decreeId, number: trail?.number ?? meta?.number ?? null };
  }
  const number = dataDecreeNumber(event) ?? meta?.number;
  if (number === undefined && meta?.decreeId === undefined) return null;
  return {
    decreeId: event.type === 'DecreeAnnulled' ? null : (meta?.decreeId ?? null),
    number: number ?? null,
  };
}

function annulmentOf(event: RecordedEvent): Annulment {
  return {
    eventId: event.metadata.eventId ?? event.id,
    position: event.position,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    reason: field(event, 'reason') ?? null,
    decree: decreeOf(event, undefined),
  };
}
