import type { RecordedEvent } from '@asn/event-store';
import { csvLine } from './csv';
import { effectiveDateOf } from './event-fields';

export type ExportFormat = 'ndjson' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'csv'];

export const eventsFileName = (format: ExportFormat): string => `events.${format}`;

/** The CSV columns: the event as stored (data and metadata as JSON), plus three columns to sort and filter by. */
export const CSV_COLUMNS = [
  'position',
  'stream',
  'revision',
  'id',
  'type',
  'effectiveDate',
  'recordedAt',
  'actor',
  'data',
  'metadata',
] as const;

export const csvHeader = (): string => csvLine([...CSV_COLUMNS]);

/** One event as one NDJSON line: the stored event, losslessly. */
export function ndjsonLine(event: RecordedEvent): string {
  const { position, stream, revision, id, type, data, metadata } = event;
  return `${JSON.stringify({ position, stream, revision, id, type, data, metadata })}\n`;
}

export function csvEventLine(event: RecordedEvent): string {
  return csvLine([
    event.position,
    event.stream,
    event.revision,
    event.id,
    event.type,
    effectiveDateOf(event),
    event.metadata.recordedAt,
    event.metadata.actor,
    JSON.stringify(event.data) ?? 'null',
    JSON.stringify(event.metadata),
  ]);
}

export function eventFromNdjson(line: string): RecordedEvent {
  const event = JSON.parse(line) as RecordedEvent;
  return { ...event, position: String(event.position) };
}

export function eventFromCsv(fields: string[]): RecordedEvent {
  if (fields.length !== CSV_COLUMNS.length) {
    throw new Error(`a CSV event row has ${fields.length} fields; expected ${CSV_COLUMNS.length}`);
  }
  const at = (name: (typeof CSV_COLUMNS)[number]) => fields[CSV_COLUMNS.indexOf(name)];
  return {
    position: at('position'),
    stream: at('stream'),
    revision: Number(at('revision')),
    id: at('id'),
    type: at('type'),
    data: JSON.parse(at('data')),
    metadata: JSON.parse(at('metadata')),
  };
}
