/** ServerFeatures.GetSupportedMethods: the client picks BatchAppend and expects `caught_up` from what this says. */
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

/** The server version reported: at least 23.10, so clients expect `caught_up` on subscriptions. */
export const SERVER_VERSION = '24.10.0';

const STREAMS = 'event_store.client.streams.Streams';

export function serverFeaturesHandler(batchAppend: boolean) {
  return (
    _call: ServerUnaryCall<Empty, SupportedMethods>,
    callback: sendUnaryData<SupportedMethods>,
  ): void => {
    const methods = [
      [STREAMS, 'read'],
      [STREAMS, 'append'],
      ...(batchAppend ? [[STREAMS, 'batchappend']] : []),
      [STREAMS, 'delete'],
      [STREAMS, 'tombstone'],
      ['event_store.client.server_features.ServerFeatures', 'getsupportedmethods'],
    ];
    const supported = new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION);
    for (const [service, method] of methods) {
      supported.addMethods(new SupportedMethod().setServiceName(service).setMethodName(method));
    }
    callback(null, supported);
  };
}
