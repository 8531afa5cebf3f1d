/** Streams.Read: stream and `$all` reads, and catch-up subscriptions (confirmation, catch-up, caught_up, live). */
import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { hasValidCredentials } from './auth';
import type { CallRegistry } from './call-registry';
import { type EventLog, type StoredEvent, StreamDeleted } from './event-log';
import { type LogFilter, logFilterOf } from './log-filter';
import { readEventResponse, streamIdentifier, streamNameOf, type UuidFormat } from './protocol';
import { toRpcError, unauthenticated } from './rpc-errors';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

const LINK_EVENT_TYPE = '$>';

interface ReadContext {
  log: EventLog;
  call: ReadCall;
  options: ReadReq.Options;
  format: UuidFormat;
}

export function readHandler(log: EventLog, calls: CallRegistry): (call: ReadCall) => void {
  return (call) => {
    if (!hasValidCredentials(call.metadata)) {
      call.emit('error', unauthenticated());
      return;
    }
    const options = call.request.getOptions() ?? new ReadReq.Options();
    const format: UuidFormat = options.getUuidOption()?.hasStructured() ? 'structured' : 'string';
    const context = { log, call, options, format };
    try {
      if (options.hasAll()) {
        if (options.hasSubscription()) subscribeToAll(context, calls);
        else readAll(context);
      } else if (options.hasSubscription()) subscribeToStream(context, calls);
      else readStream(context);
    } catch (error) {
      call.emit('error', toRpcError(error));
    }
  };
}

function readStream({ log, call, options, format }: ReadContext): void {
  const streamOptions = options.getStream()!;
  const stream = streamNameOf(streamOptions.getStreamIdentifier());
  if (log.isTombstoned(stream)) throw new StreamDeleted(stream);
  const events = log.visibleEvents(stream);
  if (!events) {
    const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream));
    call.write(new ReadResp().setStreamNotFound(notFound));
    call.end();
    return;
  }
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const selected = selectFromStream(events, streamOptions, forwards);
  for (const event of limit(selected, options.getCount())) {
    call.write(toResponse(log, event, options, format, undefined));
  }
  call.end();
}

function selectFromStream(events: StoredEvent[], options: ReadReq.Options.StreamOptions, forwards: boolean) {
  const Case = ReadReq.Options.StreamOptions.RevisionOptionCase;
  switch (options.getRevisionOptionCase()) {
    case Case.END:
      return forwards ? [] : [...events].reverse();
    case Case.REVISION: {
      const revision = BigInt(options.getRevision());
      return forwards
        ? events.filter((event) => event.revision >= revision)
        : events.filter((event) => event.revision <= revision).reverse();
    }
    default:
      return forwards ? events : events.filter((event) => event.revision <= events[0].revision);
  }
}

/** Forwards reads include the given position; backwards reads return the events before it. */
function readAll({ log, call, options, format }: ReadContext): void {
  const allOptions = options.getAll()!;
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  const records = log.all();
  let selected: readonly StoredEvent[];
  switch (allOptions.getAllOptionCase()) {
    case Case.END:
      selected = forwards ? [] : [...records].reverse();
      break;
    case Case.POSITION: {
      const position = BigInt(allOptions.getPosition()!.getCommitPosition());
      selected = forwards
        ? records.filter((event) => event.position >= position)
        : records.filter((event) => event.position < position).reverse();
      break;
    }
    default:
      selected = forwards ? records : [];
  }
  const filter = logFilterOf(options);
  const matching = filter ? selected.filter((event) => filter.matches(event)) : selected;
  for (const event of limit(matching, options.getCount())) {
    call.write(toResponse(log, event, options, format, event.position));
  }
  call.end();
}

function subscribeToStream({ log, call, options, format }: ReadContext, calls: CallRegistry): void {
  const streamOptions = options.getStream()!;
  const stream = streamNameOf(streamOptions.getStreamIdentifier());
  if (log.isTombstoned(stream)) throw new StreamDeleted(stream);
  const Case = ReadReq.Options.StreamOptions.RevisionOptionCase;
  const after =
    streamOptions.getRevisionOptionCase() === Case.REVISION
      ? BigInt(streamOptions.getRevision())
      : streamOptions.getRevisionOptionCase() === Case.END
        ? (log.visibleEvents(stream)?.at(-1)?.revision ?? -1n)
        : -1n;
  const send = (event: StoredEvent): void => {
    call.write(toResponse(log, event, options, format, undefined));
  };
  // Catch-up and registration in one synchronous turn: no event can fall between them.
  const catchUp = (log.visibleEvents(stream) ?? []).filter((event) => event.revision > after);
  const live = log.subscribe((event) => {
    if (event.stream !== stream) return;
    if (log.isTombstoned(stream)) {
      release();
      call.emit('error', toRpcError(new StreamDeleted(stream)));
      return;
    }
    send(event);
  });
  const release = track(call, calls, live);
  confirm(call);
  catchUp.forEach(send);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
}

/** Subscriptions start after the given position; filtered ones send checkpoints every `window × multiplier` records. */
function subscribeToAll({ log, call, options, format }: ReadContext, calls: CallRegistry): void {
  const allOptions = options.getAll()!;
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  const after =
    allOptions.getAllOptionCase() === Case.POSITION
      ? BigInt(allOptions.getPosition()!.getCommitPosition())
      : allOptions.getAllOptionCase() === Case.END
        ? (log.lastPosition() ?? -1n)
        : -1n;
  const scan = scanner(call, logFilterOf(options), (event) =>
    call.write(toResponse(log, event, options, format, event.position)),
  );
  const catchUp = log.all().filter((event) => event.position > after);
  const live = log.subscribe(scan);
  track(call, calls, live);
  confirm(call);
  catchUp.forEach(scan);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
}

function scanner(call: ReadCall, filter: LogFilter | undefined, send: (event: StoredEvent) => void) {
  let sinceCheckpoint = 0;
  return (event: StoredEvent): void => {
    if (!filter) return send(event);
    if (filter.matches(event)) send(event);
    sinceCheckpoint += 1;
    if (sinceCheckpoint < filter.checkpointInterval) return;
    sinceCheckpoint = 0;
    const position = event.position.toString();
    call.write(
      new ReadResp().setCheckpoint(
        new ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position),
      ),
    );
  };
}

function confirm(call: ReadCall): void {
  const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  call.write(new ReadResp().setConfirmation(confirmation));
}

function track(call: ReadCall, calls: CallRegistry, unsubscribe: () => void): () => void {
  const release = calls.track(call, unsubscribe);
  call.on('cancelled', release);
  call.on('close', release);
  return release;
}

function toResponse(
  log: EventLog,
  record: StoredEvent,
  options: ReadReq.Options,
  format: UuidFormat,
  commitPosition: bigint | undefined,
): ReadResp {
  if (!options.getResolveLinks() || record.type !== LINK_EVENT_TYPE) {
    return readEventResponse(record, undefined, format, commitPosition);
  }
  return readEventResponse(resolveLink(log, record), record, format, commitPosition);
}

/** A link's data is `<revision>@<stream>`; a link to a deleted or missing event resolves to nothing. */
function resolveLink(log: EventLog, link: StoredEvent): StoredEvent | undefined {
  const match = /^(\d+)@(.+)$/s.exec(Buffer.from(link.data).toString('utf8'));
  return match ? log.eventAt(match[2], BigInt(match[1])) : undefined;
}

function limit<T>(items: readonly T[], count: string): readonly T[] {
  const max = BigInt(count || '0');
  return max >= BigInt(items.length) ? items : items.slice(0, Number(max));
}
