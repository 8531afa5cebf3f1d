import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import type { Position, Subscription, SubscriptionMessage } from '../event-store.port';
import { comparePositions } from '../position';
import { filteredAllFeed } from './esdb-all-feed';
import { isTransient, toPortError } from './esdb-errors';
import type { EsdbLogFilter } from './esdb-log-filter';

export interface ResubscribeDelays {
  /** First wait after a drop; doubled after each failed attempt. */
  initialMs: number;
  maxMs: number;
}

/**
 * A catch-up subscription to `$all` that survives dropped connections: it resubscribes by itself strictly
 * after the last event or checkpoint it passed on, so the consumer sees no gap and no duplicate, and
 * caughtUp only once.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private started = false;
  private current?: AllStreamSubscription;
  private wake?: () => void;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly after: Position,
    private readonly filter: EsdbLogFilter,
    private readonly delays: ResubscribeDelays,
    private readonly onClose: (subscription: EsdbSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.started) throw new Error('a subscription can be iterated only once; subscribe again instead');
    this.started = true;
    return this.messages();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose(this);
    await this.current?.unsubscribe();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    let checkpoint = this.after;
    let caughtUp = false;
    let delay = this.delays.initialMs;
    try {
      while (!this.closed) {
        try {
          const feed = filteredAllFeed(
            this.client,
            checkpoint,
            this.filter,
            (opened) => (this.current = opened),
          );
          for await (const item of feed) {
            if (this.closed) return;
            delay = this.delays.initialMs;
            if (item.kind === 'event') {
              checkpoint = item.event.position;
              yield item;
            } else if (item.kind === 'checkpoint') {
              if (comparePositions(item.position, checkpoint) > 0) checkpoint = item.position;
            } else if (!caughtUp) {
              caughtUp = true;
              yield { kind: 'caughtUp', position: checkpoint };
            }
          }
        } catch (error) {
          if (!isTransient(error)) throw toPortError(error);
        }
        await this.pause(delay);
        delay = Math.min(delay * 2, this.delays.maxMs);
      }
    } finally {
      await this.close();
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
