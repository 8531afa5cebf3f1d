import type { Outcome } from './sqlite-appender';

/**
 * Collects the requests submitted in one event-loop turn and commits them together: one
 * transaction, one fsync. Each request still gets its own outcome.
 */
export class GroupCommit<Request, Result> {
  private pending: {
    request: Request;
    resolve: (value: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly commit: (requests: Request[]) => Outcome<Result>[]) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now; also called before closing so that no accepted request is lost. */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: Outcome<Result>[];
    try {
      outcomes = this.commit(batch.map(({ request }) => request));
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }
}
