/** Conversions between the generated protobuf messages and the event log's values. */
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { AllStreamPosition, Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedRevision, StoredEvent } from './event-log';

export type UuidFormat = 'string' | 'structured';

/** The expected-revision oneof shared (with different field numbers) by Append, BatchAppend, Delete, Tombstone. */
export interface ExpectedRevisionOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedRevisionOf(
  options: ExpectedRevisionOptions,
  revision: () => string | undefined,
): ExpectedRevision {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  const exact = revision();
  if (exact !== undefined) return { kind: 'revision', revision: BigInt(exact) };
  return { kind: 'any' };
}

/** The numeric form EventStoreDB uses for expected versions in error trailers. */
export function expectedVersionNumber(expected: ExpectedRevision): bigint {
  switch (expected.kind) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    case 'revision':
      return expected.revision;
  }
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(stream: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
}

export function uuidOf(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (!uuid.hasStructured()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidMessage(id: string, format: UuidFormat = 'string'): UUID {
  if (format === 'string') return new UUID().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return new UUID().setStructured(
    new UUID.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
}

export function allStreamPosition(position: bigint): AllStreamPosition {
  return new AllStreamPosition()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
}

export function recordedEvent(record: StoredEvent, format: UuidFormat): ReadResp.ReadEvent.RecordedEvent {
  const message = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, format))
    .setStreamIdentifier(streamIdentifier(record.stream))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  message
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.created.toString());
  return message;
}

/** A `ReadResp.event`; `link` set means `event` is the record a `$>` link points to (or undefined if gone). */
export function readEventResponse(
  event: StoredEvent | undefined,
  link: StoredEvent | undefined,
  format: UuidFormat,
  commitPosition: bigint | undefined,
): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  if (event) readEvent.setEvent(recordedEvent(event, format));
  if (link) readEvent.setLink(recordedEvent(link, format));
  if (commitPosition === undefined) readEvent.setNoPosition(new Empty());
  else readEvent.setCommitPosition(commitPosition.toString());
  return new ReadResp().setEvent(readEvent);
}

export const googleEmpty = (): GoogleEmpty => new GoogleEmpty();
