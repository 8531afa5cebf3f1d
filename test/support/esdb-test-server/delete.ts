/** Streams.Delete (soft delete) and Streams.Tombstone (hard delete): unary, errors in trailers. */
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { hasValidCredentials } from './auth';
import type { EventLog } from './event-log';
import { expectedRevisionOf, streamNameOf } from './protocol';
import { toRpcError, unauthenticated } from './rpc-errors';

export function deleteHandler(log: EventLog) {
  return (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void => {
    if (!hasValidCredentials(call.metadata)) return callback(unauthenticated());
    const options = call.request.getOptions() ?? new DeleteReq.Options();
    const expected = expectedRevisionOf(options, () =>
      options.hasRevision() ? options.getRevision() : undefined,
    );
    try {
      const { position } = log.delete(streamNameOf(options.getStreamIdentifier()), expected);
      const reply = new DeleteResp();
      if (position === undefined) reply.setNoPosition(new Empty());
      else {
        reply.setPosition(
          new DeleteResp.Position()
            .setCommitPosition(position.toString())
            .setPreparePosition(position.toString()),
        );
      }
      callback(null, reply);
    } catch (error) {
      callback(toRpcError(error));
    }
  };
}

export function tombstoneHandler(log: EventLog) {
  return (
    call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
    callback: sendUnaryData<TombstoneResp>,
  ): void => {
    if (!hasValidCredentials(call.metadata)) return callback(unauthenticated());
    const options = call.request.getOptions() ?? new TombstoneReq.Options();
    const expected = expectedRevisionOf(options, () =>
      options.hasRevision() ? options.getRevision() : undefined,
    );
    try {
      const { position } = log.tombstone(streamNameOf(options.getStreamIdentifier()), expected);
      const reply = new TombstoneResp();
      if (position === undefined) reply.setNoPosition(new Empty());
      else {
        reply.setPosition(
          new TombstoneResp.Position()
            .setCommitPosition(position.toString())
            .setPreparePosition(position.toString()),
        );
      }
      callback(null, reply);
    } catch (error) {
      callback(toRpcError(error));
    }
  };
}
