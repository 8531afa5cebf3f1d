import {
  jsonEvent,
  type AllStreamRecordedEvent,
  type JSONType,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../event-store.port';
import { toPortPosition } from './esdb-position';

/** Events are JSON; the envelope metadata travels as the event's custom metadata. */
export function toEsdbEvent(event: EventToAppend) {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
}

export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (!event.position) throw new Error(`event ${event.id} in ${event.streamId} came without a log position`);
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: Number(event.revision),
    position: toPortPosition(event.position),
    data: event.data,
    metadata: (event.metadata ?? {}) as EventMetadata,
  };
}
