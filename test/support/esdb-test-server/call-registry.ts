/** Long-lived calls (subscriptions, batch appends) that must be released when the listener stops or drops. */
import type { ServerErrorResponse } from '@grpc/grpc-js';
import { cancelledByServer } from './rpc-errors';

interface LongLivedCall {
  emit(event: 'error', error: ServerErrorResponse): boolean;
}

export class CallRegistry {
  private readonly calls = new Map<LongLivedCall, () => void>();

  /** `release` runs once: when the call ends, or when the server lets go of it. */
  track(call: LongLivedCall, release: () => void): () => void {
    let released = false;
    const once = (): void => {
      if (released) return;
      released = true;
      this.calls.delete(call);
      release();
    };
    this.calls.set(call, once);
    return once;
  }

  /** A stopping node cancels its long-lived calls (the client then reconnects). */
  cancelAll(): void {
    for (const [call, release] of [...this.calls]) {
      release();
      call.emit('error', cancelledByServer());
    }
  }

  /** A dropped connection: nothing is sent, the calls just stop receiving. */
  releaseAll(): void {
    for (const release of [...this.calls.values()]) release();
  }
}
