/**
 * Wakes live subscriptions when the log grows. A version number instead of a bare callback,
 * so that an append landing between a subscriber's read and its wait is never missed.
 */
export class AppendSignal {
  private currentVersion = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion += 1;
    this.wakeAll();
  }

  /** Resolves once the version has moved past `seen`, after `timeoutMs`, or at `wakeAll()`. */
  waitPast(seen: number, timeoutMs?: number): Promise<void> {
    if (this.currentVersion !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
