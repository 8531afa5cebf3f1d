/** Errors exactly as @eventstore/db-client decodes them: `exception` trailers, or `google.rpc.Status` for BatchAppend. */
import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import type { Message } from 'google-protobuf';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  MaximumAppendSizeExceeded,
  StreamDeleted as StreamDeletedDetails,
  Timeout,
  Unknown,
  WrongExpectedVersion as WrongExpectedVersionDetails,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamDeleted, WrongExpectedVersion } from './event-log';
import { expectedVersionNumber, googleEmpty, streamIdentifier } from './protocol';

export class MaxAppendSizeExceeded extends Error {
  constructor(readonly maxAppendSize: number) {
    super(`maximum append size of ${maxAppendSize} bytes exceeded`);
  }
}

function rpcError(code: status, details: string, trailers: Record<string, string> = {}): ServerErrorResponse {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

/** The trailer form of an error (Read, Append, Delete, Tombstone). */
export function toRpcError(error: unknown): ServerErrorResponse {
  if (error instanceof StreamDeleted) {
    return rpcError(status.FAILED_PRECONDITION, error.message, {
      exception: 'stream-deleted',
      'stream-name': error.stream,
    });
  }
  if (error instanceof WrongExpectedVersion) {
    return rpcError(status.FAILED_PRECONDITION, error.message, {
      exception: 'wrong-expected-version',
      'stream-name': error.stream,
      'expected-version': expectedVersionNumber(error.expected).toString(),
      ...(error.current === undefined ? {} : { 'actual-version': error.current.toString() }),
    });
  }
  if (error instanceof MaxAppendSizeExceeded) {
    return rpcError(status.INVALID_ARGUMENT, error.message, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(error.maxAppendSize),
    });
  }
  return rpcError(status.UNKNOWN, error instanceof Error ? error.message : String(error));
}

export function unauthenticated(): ServerErrorResponse {
  return rpcError(status.UNAUTHENTICATED, 'Bad credentials: the user or the password is wrong');
}

export function cancelledByServer(): ServerErrorResponse {
  return rpcError(status.CANCELLED, 'The server is shutting down');
}

/** The BatchAppend form: one `Any` in `Status.details`, unpacked by its type name. */
export function toBatchStatus(error: unknown): Status {
  if (error instanceof StreamDeleted) {
    const details = new StreamDeletedDetails().setStreamIdentifier(streamIdentifier(error.stream));
    return packedStatus(Code.FAILED_PRECONDITION, error.message, details, 'StreamDeleted');
  }
  if (error instanceof WrongExpectedVersion) {
    const details = new WrongExpectedVersionDetails();
    if (error.current === undefined) details.setCurrentNoStream(googleEmpty());
    else details.setCurrentStreamRevision(error.current.toString());
    const expected = error.expected;
    if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
    else if (expected.kind === 'no_stream') details.setExpectedNoStream(googleEmpty());
    else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(googleEmpty());
    else details.setExpectedAny(googleEmpty());
    return packedStatus(Code.FAILED_PRECONDITION, error.message, details, 'WrongExpectedVersion');
  }
  if (error instanceof MaxAppendSizeExceeded) {
    const details = new MaximumAppendSizeExceeded().setMaxappendsize(error.maxAppendSize);
    return packedStatus(Code.INVALID_ARGUMENT, error.message, details, 'MaximumAppendSizeExceeded');
  }
  if (error instanceof DeadlinePassed)
    return packedStatus(Code.DEADLINE_EXCEEDED, error.message, new Timeout(), 'Timeout');
  return packedStatus(
    Code.UNKNOWN,
    error instanceof Error ? error.message : String(error),
    new Unknown(),
    'Unknown',
  );
}

export class DeadlinePassed extends Error {
  constructor() {
    super('the append deadline passed before the last chunk arrived');
  }
}

function packedStatus(code: Code, message: string, details: Message, typeName: string): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), `event_store.client.${typeName}`);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}
