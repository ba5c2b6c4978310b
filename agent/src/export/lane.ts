// One signal's path to the api: a bounded queue, batches of at most `maxBatch` items, one request
// in flight, retries with backoff until the batch is delivered or refused, and the counters the
// agent reports about itself. Items are counted in "units" (spans, or metric data points).
import { setTimeout as sleep } from "node:timers/promises";
import type { ExportLog } from "./export-log.ts";
import { post, prepareBody } from "./post.ts";
import { BoundedQueue } from "./queue.ts";
import { readPartialSuccess } from "./response.ts";
import { type BackoffOptions, retryDelayMs } from "./retry.ts";

export interface LaneOptions<T> extends BackoffOptions {
  /** "spans" or "metric data points", for log lines. */
  unitName: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  capacity: number;
  maxBatch: number;
  timeoutMs: number;
  gzipMinBytes: number;
  contentType: string;
  encode(items: T[]): Uint8Array | string;
  /** Units in one item (1 per span; the data points of a metric batch). */
  unitsOf(item: T): number;
  log: ExportLog;
  /** Aborted at shutdown: cancels the request in flight and any backoff wait. */
  stop: AbortSignal;
}

export interface LaneStats {
  /** Accepted by the api. */
  sent: number;
  /** Dropped, oldest first, because the queue was full. */
  dropped: number;
  /** Refused for good (4xx other than 429, 5xx other than 502/503/504) or not encodable. */
  failed: number;
  /** Refused one by one inside a 200 (OTLP partial success). */
  rejected: number;
  /** Still queued or in flight when the exporter shut down. */
  abandoned: number;
  retries: number;
  queued: number;
  queuedItems: number;
  inFlight: number;
}

// A drop burst is reported at most this often, with how many were dropped since the last line.
const DROP_LOG_INTERVAL_MS = 60_000;

export class Lane<T> {
  private readonly queue: BoundedQueue<T>;
  private queuedUnits = 0;
  private inFlight = 0;
  private busy: Promise<void> | undefined;
  /** Set while retrying: the reason first logged, to log the recovery once. */
  private failing: string | undefined;
  private droppedSinceLog = 0;
  private lastDropLog = Number.NEGATIVE_INFINITY;
  private readonly counts = { sent: 0, dropped: 0, failed: 0, rejected: 0, abandoned: 0, retries: 0 };

  constructor(private readonly options: LaneOptions<T>) {
    this.queue = new BoundedQueue(options.capacity);
  }

  stats(): LaneStats {
    return {
      ...this.counts,
      queued: this.queuedUnits,
      queuedItems: this.queue.size,
      inFlight: this.inFlight,
    };
  }

  /** Queues the items (dropping the oldest when full); never blocks. True when a full batch waits. */
  add(items: readonly T[]): boolean {
    if (this.options.stop.aborted) {
      this.counts.abandoned += this.units(items);
      return false;
    }
    for (const item of items) this.queuedUnits += this.options.unitsOf(item);
    const dropped = this.queue.push(items);
    if (dropped.length > 0) this.noteDropped(this.units(dropped));
    return this.queue.size >= this.options.maxBatch;
  }

  /**
   * Starts sending unless a request is in flight: full batches only ("full"), or everything
   * queued ("all"). Resolves when that round of sending ends.
   */
  kick(mode: "full" | "all"): Promise<void> {
    if (!this.busy) {
      this.busy = this.drain(mode).finally(() => {
        this.busy = undefined;
      });
    }
    return this.busy;
  }

  /** Sends until nothing is queued or in flight (or the exporter stops). */
  async flush(): Promise<void> {
    while (!this.options.stop.aborted && (this.busy || this.queue.size > 0)) await this.kick("all");
  }

  /** After stop: waits for the request in flight to give up and counts what was not sent. */
  async abandon(): Promise<number> {
    await this.busy;
    const left = this.units(this.queue.clear());
    this.queuedUnits = 0;
    this.counts.abandoned += left;
    return this.counts.abandoned;
  }

  private units(items: readonly T[]): number {
    let n = 0;
    for (const item of items) n += this.options.unitsOf(item);
    return n;
  }

  private noteDropped(units: number): void {
    this.queuedUnits -= units;
    this.counts.dropped += units;
    this.droppedSinceLog += units;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    const { capacity, unitName } = this.options;
    this.options.log.line(
      `queue full (${capacity} items): dropped the ${this.droppedSinceLog} oldest ${unitName}; counted in the stats, at most one such line a minute`,
    );
    this.lastDropLog = now;
    this.droppedSinceLog = 0;
  }

  private async drain(mode: "full" | "all"): Promise<void> {
    while (!this.options.stop.aborted) {
      const size = this.queue.size;
      if (size === 0 || (mode === "full" && size < this.options.maxBatch)) return;
      const batch = this.queue.take(this.options.maxBatch);
      const units = this.units(batch);
      this.queuedUnits -= units;
      this.inFlight = units;
      try {
        await this.deliver(batch, units);
      } catch (error) {
        // Not an answer from the api (those are handled in deliver): a batch that cannot be
        // encoded, or a bug. Dropped and said once, so that the loop and the agent keep running.
        this.counts.failed += units;
        const { unitName, log } = this.options;
        log.once(`error ${String(error)}`, `cannot send ${units} ${unitName}, dropped them: ${String(error)}`);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async deliver(batch: T[], units: number): Promise<void> {
    const { url, unitName, log } = this.options;
    const prepared = await prepareBody(this.options.encode(batch), this.options.contentType, this.options.gzipMinBytes);
    for (let attempt = 0; ; attempt++) {
      const outcome = await post(url, prepared, this.options.headers, this.options.timeoutMs, this.options.stop);
      if (outcome.kind !== "retry") this.recovered(attempt);
      if (outcome.kind === "delivered") {
        const partial = readPartialSuccess(outcome.body, outcome.contentType);
        const rejected = Math.min(units, partial?.rejected ?? 0);
        this.counts.sent += units - rejected;
        this.counts.rejected += rejected;
        if (partial) {
          log.once(
            `partial ${url} ${partial.message}`,
            `POST ${url}: the api refused ${rejected} of ${units} ${unitName}: ${partial.message || "(no message)"} (logged once per message)`,
          );
        }
        return;
      }
      if (outcome.kind === "refused") {
        this.counts.failed += units;
        log.once(
          `refused ${url} ${outcome.status} ${outcome.message}`,
          `POST ${url} answered ${outcome.status}: ${outcome.message}; dropped ${units} ${unitName} (logged once per status and message)`,
        );
        return;
      }
      if (this.options.stop.aborted) {
        this.counts.abandoned += units;
        return;
      }
      this.counts.retries++;
      const delay = retryDelayMs(attempt, outcome.retryAfterMs, this.options);
      if (this.failing === undefined) {
        this.failing = outcome.reason;
        log.line(
          `POST ${url} failed (${outcome.reason}); retrying with backoff, queueing up to ${this.options.capacity} items meanwhile`,
        );
      }
      await sleep(delay, undefined, { signal: this.options.stop }).catch(() => {});
      if (this.options.stop.aborted) {
        this.counts.abandoned += units;
        return;
      }
    }
  }

  private recovered(attempts: number): void {
    if (this.failing === undefined) return;
    this.options.log.line(`POST ${this.options.url} answered again after ${attempts} retries`);
    this.failing = undefined;
  }
}
