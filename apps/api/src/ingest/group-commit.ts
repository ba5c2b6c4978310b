// Group commit: rows from concurrent requests queue up; a flusher takes what is queued (up
// to a batch cap), stores it with ONE write, then settles every request in that batch. While
// writes are in flight (at most `maxConcurrentWrites`), new requests gather for the next one,
// so batches grow with load and an idle service still answers the first request at once.

export interface GroupCommitOptions<Rows> {
  /** Stores a merged batch; resolves only once the rows are durable. */
  write(rows: Rows): Promise<void>;
  /** Merges the rows of several requests into one batch. */
  merge(parts: Rows[]): Rows;
  /** Cap on rows per batch (whole requests only: a bigger request still goes alone). */
  maxBatchRows: number;
  /** Writes allowed in flight at once (default 1). More overlap the store's per-write latency. */
  maxConcurrentWrites?: number;
}

interface Waiter<Rows> {
  rows: Rows;
  count: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class GroupCommit<Rows> {
  private queue: Waiter<Rows>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** Number of writes issued; for tests and metrics. */
  batches = 0;

  constructor(private readonly options: GroupCommitOptions<Rows>) {}

  /** Queues a request's rows; resolves when they are stored, rejects with the write's error. */
  submit(rows: Rows, count: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, count, resolve, reject });
      this.schedule();
    });
  }

  get queuedRequests(): number {
    return this.queue.length;
  }

  /** Resolves once nothing is queued or being written. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && !this.scheduled;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= (this.options.maxConcurrentWrites ?? 1)) return;
    // Wait one turn of the event loop so requests decoded in the same turn share a batch.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < (this.options.maxConcurrentWrites ?? 1)) {
        this.inFlight++;
        void this.flush(this.takeBatch()).finally(() => {
          this.inFlight--;
          if (this.queue.length > 0) this.schedule();
          else if (this.isIdle()) this.notifyIdle();
        });
      }
      if (this.isIdle()) this.notifyIdle();
    });
  }

  private async flush(batch: Waiter<Rows>[]): Promise<void> {
    this.batches++;
    try {
      const rows = batch.length === 1 ? (batch[0] as Waiter<Rows>).rows : this.options.merge(batch.map((w) => w.rows));
      await this.options.write(rows);
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    for (const waiter of batch) waiter.resolve();
  }

  private takeBatch(): Waiter<Rows>[] {
    let rows = 0;
    let taken = 0;
    for (const waiter of this.queue) {
      if (taken > 0 && rows + waiter.count > this.options.maxBatchRows) break;
      rows += waiter.count;
      taken++;
    }
    return this.queue.splice(0, taken);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
