import type Database from 'better-sqlite3';
import type { EventMetadata, LogFilter, RecordedEvent } from '../event-store.port';

const COLUMNS = 'global_position, stream, revision, id, type, data, metadata';
/** The same without the metadata column (readers that asked to omit it). */
const ENVELOPE_COLUMNS = 'global_position, stream, revision, id, type, data';

type EventRow = [number, string, number, string, string, string, string];

export interface EventRowToInsert {
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** The prepared statements of the events table; rows are read with `.raw()` and parsed once. */
export class EventQueries {
  private readonly lastRevisionStatement;
  private readonly eventsFromStatement;
  private readonly idStatement;
  private readonly metadataStatement;
  private readonly insertStatement;
  private readonly headStatement;
  private readonly forwardsStatement;
  private readonly forwardsEnvelopeStatement;
  private readonly backwardsStatement;
  private readonly pageStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.lastRevisionStatement = db
      .prepare<[string], number>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck();
    this.eventsFromStatement = db
      .prepare<[string, number, number], [string, number]>(
        'SELECT id, global_position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .raw();
    this.idStatement = db.prepare<[string], { stream: string; revision: number }>(
      'SELECT stream, revision FROM events WHERE id = ?',
    );
    this.metadataStatement = db
      .prepare<[string, number], string>('SELECT metadata FROM events WHERE stream = ? AND revision = ?')
      .pluck();
    this.insertStatement = db.prepare<[string, number, string, string, string, string]>(
      'INSERT INTO events (stream, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.headStatement = db
      .prepare<[], number>('SELECT coalesce(max(global_position), 0) FROM events')
      .pluck();
    this.forwardsStatement = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    this.forwardsEnvelopeStatement = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${ENVELOPE_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    this.backwardsStatement = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw();
  }

  /** -1 when the stream has no events. */
  lastRevision(stream: string): number {
    return this.lastRevisionStatement.get(stream) ?? -1;
  }

  eventsFrom(stream: string, revision: number, count: number): { id: string; position: string }[] {
    return this.eventsFromStatement
      .all(stream, revision, count)
      .map(([id, position]) => ({ id, position: String(position) }));
  }

  findById(id: string): { stream: string; revision: number } | undefined {
    return this.idStatement.get(id);
  }

  /** The hash chain's `metadata.hash` of one event; undefined when it has none or does not exist. */
  hashAt(stream: string, revision: number): string | undefined {
    const metadata = this.metadataStatement.get(stream, revision);
    return metadata === undefined ? undefined : (JSON.parse(metadata) as EventMetadata).hash;
  }

  /** Returns the new event's global position. */
  insert(row: EventRowToInsert): number {
    const { lastInsertRowid } = this.insertStatement.run(
      row.stream,
      row.revision,
      row.id,
      row.type,
      row.data,
      row.metadata,
    );
    return Number(lastInsertRowid);
  }

  head(): number {
    return this.headStatement.get()!;
  }

  readForwards(stream: string, fromRevision: number, limit: number, omitMetadata = false): RecordedEvent[] {
    const statement = omitMetadata ? this.forwardsEnvelopeStatement : this.forwardsStatement;
    return statement.all(stream, fromRevision, limit).map(toRecorded);
  }

  readBackwards(stream: string, fromRevision: number, limit: number): RecordedEvent[] {
    return this.backwardsStatement.all(stream, fromRevision, limit).map(toRecorded);
  }

  /** Matching events in (after, upTo], in log order. A negative limit means no limit. */
  readLog(
    after: number,
    upTo: number,
    limit: number,
    filter: LogFilter = {},
    omitMetadata = false,
  ): RecordedEvent[] {
    const prefixes = filter.streamPrefixes ?? [];
    const types = filter.eventTypes ?? [];
    const rows = this.pageStatement(prefixes.length, types.length, omitMetadata).all(
      after,
      upTo,
      ...prefixes,
      ...types,
      limit,
    );
    return (rows as EventRow[]).map(toRecorded);
  }

  /** One statement per filter shape (how many prefixes, how many types, metadata or not), prepared once. */
  private pageStatement(prefixCount: number, typeCount: number, omitMetadata: boolean): Database.Statement {
    const key = `${prefixCount}:${typeCount}:${omitMetadata ? 'e' : 'm'}`;
    let statement = this.pageStatements.get(key);
    if (!statement) {
      const conditions = ['global_position > ?', 'global_position <= ?'];
      // instr() = 1 is a case-sensitive "starts with", unlike LIKE.
      if (prefixCount > 0)
        conditions.push(`(${Array(prefixCount).fill('instr(stream, ?) = 1').join(' OR ')})`);
      if (typeCount > 0) conditions.push(`type IN (${Array(typeCount).fill('?').join(', ')})`);
      statement = this.db
        .prepare(
          `SELECT ${omitMetadata ? ENVELOPE_COLUMNS : COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY global_position LIMIT ?`,
        )
        .raw();
      this.pageStatements.set(key, statement);
    }
    return statement;
  }
}

/** A row as an event; a row read without its metadata column (the reader asked to omit it) gets `{}`. */
function toRecorded([position, stream, revision, id, type, data, metadata]: EventRow): RecordedEvent {
  return {
    id,
    type,
    stream,
    revision,
    position: String(position),
    data: JSON.parse(data),
    metadata: (metadata === undefined ? {} : JSON.parse(metadata)) as EventMetadata,
  };
}
