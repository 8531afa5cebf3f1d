/** Streams.Append (client stream, in-band wrong expected version) and Streams.BatchAppend (bidi, multiplexed). */
import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import { hasValidCredentials } from './auth';
import type { CallRegistry } from './call-registry';
import { type EventLog, type ProposedEvent, WrongExpectedVersion, type WriteResult } from './event-log';
import {
  allStreamPosition,
  expectedRevisionOf,
  googleEmpty,
  streamIdentifier,
  streamNameOf,
  uuidMessage,
  uuidOf,
} from './protocol';
import {
  DeadlinePassed,
  MaxAppendSizeExceeded,
  toBatchStatus,
  toRpcError,
  unauthenticated,
} from './rpc-errors';

type ProposedMessage = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** Sums the payload bytes of one append and rejects it as soon as they pass the limit. */
class AppendSize {
  private bytes = 0;
  constructor(private readonly max: number) {}

  add(event: ProposedEvent): void {
    this.bytes += event.data.length + event.customMetadata.length;
    if (this.bytes > this.max) throw new MaxAppendSizeExceeded(this.max);
  }
}

function proposedEvent(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidOf(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function appendHandler(log: EventLog, maxAppendSize: number) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    if (!hasValidCredentials(call.metadata)) return callback(unauthenticated());
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    const size = new AppendSize(maxAppendSize);
    let failed = false;
    call.on('data', (request: AppendReq) => {
      if (failed) return;
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (!message) return;
      try {
        const event = proposedEvent(message);
        size.add(event);
        events.push(event);
      } catch (error) {
        failed = true;
        callback(toRpcError(error));
      }
    });
    call.on('end', () => {
      if (failed) return;
      const stream = streamNameOf(options?.getStreamIdentifier());
      const expected = expectedRevisionOf(options ?? new AppendReq.Options(), () =>
        options?.hasRevision() ? options.getRevision() : undefined,
      );
      try {
        callback(null, new AppendResp().setSuccess(appendSuccess(log.append(stream, expected, events))));
      } catch (error) {
        if (error instanceof WrongExpectedVersion) callback(null, inBandWrongExpectedVersion(error));
        else callback(toRpcError(error));
      }
    });
  };
}

function appendSuccess({ currentRevision, position }: WriteResult): AppendResp.Success {
  const success = new AppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(new Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new Empty());
  else {
    success.setPosition(
      new AppendResp.Position()
        .setCommitPosition(position.toString())
        .setPreparePosition(position.toString()),
    );
  }
  return success;
}

function inBandWrongExpectedVersion(error: WrongExpectedVersion): AppendResp {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (error.current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(error.current.toString());
  const expected = error.expected;
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

type BatchOutcome = { written: WriteResult } | { error: unknown };

interface PendingBatch {
  options: BatchAppendReq.Options;
  events: ProposedEvent[];
  size: AppendSize;
  /** Already answered (with an error): the remaining chunks are read and dropped. */
  answered: boolean;
}

/** One reply per correlation id, always with the stream identifier and the expected revision echoed. */
export function batchAppendHandler(log: EventLog, maxAppendSize: number, calls: CallRegistry) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    if (!hasValidCredentials(call.metadata)) {
      call.emit('error', unauthenticated());
      return;
    }
    const release = calls.track(call, () => undefined);
    call.on('cancelled', release);
    const pending = new Map<string, PendingBatch>();
    const reply = (correlationId: string, batch: PendingBatch, outcome: BatchOutcome): void => {
      batch.answered = true;
      call.write(batchResponse(correlationId, batch.options, outcome));
    };
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidOf(request.getCorrelationId());
      let batch = pending.get(correlationId);
      if (!batch) {
        const options = request.getOptions() ?? new BatchAppendReq.Options();
        batch = { options, events: [], size: new AppendSize(maxAppendSize), answered: false };
        pending.set(correlationId, batch);
      }
      if (!batch.answered) {
        try {
          for (const message of request.getProposedMessagesList()) {
            const event = proposedEvent(message);
            batch.size.add(event);
            batch.events.push(event);
          }
        } catch (error) {
          reply(correlationId, batch, { error });
        }
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      if (!batch.answered) reply(correlationId, batch, commitBatch(log, batch));
    });
    call.on('end', () => {
      release();
      call.end();
    });
  };
}

function commitBatch(log: EventLog, { options, events }: PendingBatch): BatchOutcome {
  const deadline = options.getDeadline()?.toDate();
  if (deadline && deadline.getTime() < Date.now()) return { error: new DeadlinePassed() };
  const expected = expectedRevisionOf(options, () =>
    options.hasStreamPosition() ? options.getStreamPosition() : undefined,
  );
  try {
    return { written: log.append(streamNameOf(options.getStreamIdentifier()), expected, events) };
  } catch (error) {
    return { error };
  }
}

function batchResponse(
  correlationId: string,
  options: BatchAppendReq.Options,
  outcome: BatchOutcome,
): BatchAppendResp {
  const response = new BatchAppendResp()
    .setCorrelationId(uuidMessage(correlationId))
    .setStreamIdentifier(streamIdentifier(streamNameOf(options.getStreamIdentifier())));
  if (options.hasStreamPosition()) response.setStreamPosition(options.getStreamPosition());
  else if (options.hasNoStream()) response.setNoStream(googleEmpty());
  else if (options.hasStreamExists()) response.setStreamExists(googleEmpty());
  else response.setAny(googleEmpty());
  if ('error' in outcome) return response.setError(toBatchStatus(outcome.error));
  const { currentRevision, position } = outcome.written;
  const success = new BatchAppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(googleEmpty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(googleEmpty());
  else success.setPosition(allStreamPosition(position));
  return response.setSuccess(success);
}
