// Live tail's in-process hub: the ingest pipeline hands it log rows once they are stored; each
// open stream keeps the rows its filters match and sends them as Server-Sent Events, coalesced
// (one event per ~250 ms, at most 500 records), with bounded memory: a client that cannot keep
// up loses its oldest pending records and is told how many (`event: dropped`). At most
// maxStreams are open at once, so the hub's memory is bounded by maxStreams × maxPending records.
import { LOG_TAIL_EVENTS, LOG_TAIL_MAX_BATCH, type LogFilters, type LogRecord } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { compileLogFilters, type LogMatcher, logRowToRecord } from "@tracelight/store";
import type { StoredLogsListener } from "../ingest/pipeline.ts";

export interface LogTailOptions {
  /** How long records gather before they are sent. */
  flushMs: number;
  /** Records one event holds at most. */
  maxBatch: number;
  /** Records a stream holds while its client is slow; beyond that the oldest are dropped. */
  maxPending: number;
  /** Interval of the comment lines that keep proxies from closing an idle stream. */
  heartbeatMs: number;
  /** Streams open at once; the next is refused until one closes. */
  maxStreams: number;
}

export const DEFAULT_LOG_TAIL_OPTIONS: LogTailOptions = {
  flushMs: 250,
  maxBatch: LOG_TAIL_MAX_BATCH,
  maxPending: 5_000,
  heartbeatMs: 15_000,
  maxStreams: 64,
};

/** Where a stream writes: an http.ServerResponse (write() false = buffer full, wait for "drain"). */
export interface SseOutput {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  end(): void;
}

export const sseEvent = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const byTime = (a: LogRecord, b: LogRecord) => {
  const d = BigInt(a.timestampUnixNano) - BigInt(b.timestampUnixNano);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

export class TailStream {
  private pending: LogRecord[] = [];
  private dropped = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private blocked = false;
  private closed = false;

  constructor(
    readonly matcher: LogMatcher,
    private readonly out: SseOutput,
    private readonly options: LogTailOptions,
    private readonly onClose: (stream: TailStream) => void,
  ) {
    this.heartbeat = setInterval(() => {
      if (!this.blocked) this.out.write(": heartbeat\n\n");
    }, options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Records (already matched) to send; the oldest pending are dropped beyond maxPending. */
  push(records: readonly LogRecord[]): void {
    if (this.closed || records.length === 0) return;
    // A loop, not push(...records): a spread of a large batch overflows the call stack.
    for (const record of records) this.pending.push(record);
    const excess = this.pending.length - this.options.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    this.schedule();
  }

  /** Records waiting to be sent (for tests and metrics). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Stops the stream; `end` also ends the response (service shutdown, not a client that left). */
  close(end = false): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    this.pending = [];
    this.onClose(this);
    if (end) this.out.end();
  }

  private schedule(): void {
    if (this.flushTimer !== undefined || this.blocked || this.closed) return;
    this.flushTimer = setTimeout(() => this.flush(), this.options.flushMs);
    this.flushTimer.unref();
  }

  private flush(): void {
    this.flushTimer = undefined;
    while (!this.closed && !this.blocked && (this.pending.length > 0 || this.dropped > 0)) {
      let chunk = "";
      if (this.dropped > 0) chunk += sseEvent(LOG_TAIL_EVENTS.dropped, { count: this.dropped });
      this.dropped = 0;
      const batch = this.pending.splice(0, this.options.maxBatch).sort(byTime);
      if (batch.length > 0) chunk += sseEvent(LOG_TAIL_EVENTS.logs, { logs: batch });
      if (!this.out.write(chunk)) {
        // The client's buffer is full: hold (and drop) records here until it drains.
        this.blocked = true;
        this.out.once("drain", () => {
          this.blocked = false;
          this.schedule();
        });
      }
    }
  }
}

export class LogTailHub implements StoredLogsListener {
  private readonly streams = new Set<TailStream>();
  private closed = false;
  readonly options: LogTailOptions;

  constructor(options: Partial<LogTailOptions> = {}) {
    this.options = { ...DEFAULT_LOG_TAIL_OPTIONS, ...options };
  }

  /** Open streams. */
  get size(): number {
    return this.streams.size;
  }

  /** Whether maxStreams are open (open() then refuses). */
  get full(): boolean {
    return this.streams.size >= this.options.maxStreams;
  }

  /** Starts a stream of the stored logs that match `filters`; undefined once the hub is closed or full. */
  open(filters: LogFilters, out: SseOutput): TailStream | undefined {
    if (this.closed || this.full) return undefined;
    const stream = new TailStream(compileLogFilters(filters), out, this.options, (s) => this.streams.delete(s));
    this.streams.add(stream);
    return stream;
  }

  wantsRows(): boolean {
    return this.streams.size > 0;
  }

  select(rows: readonly LogRow[]): readonly LogRow[] {
    if (this.streams.size === 0) return [];
    const streams = [...this.streams];
    return rows.filter((row) => streams.some((s) => s.matcher.matches(row)));
  }

  onLogsStored(rows: readonly LogRow[]): void {
    // A row matching several streams is converted once.
    const records = new Map<LogRow, LogRecord>();
    const record = (row: LogRow) => {
      let r = records.get(row);
      if (r === undefined) {
        r = logRowToRecord(row);
        records.set(row, r);
      }
      return r;
    };
    for (const stream of this.streams) {
      stream.push(rows.filter((row) => stream.matcher.matches(row)).map(record));
    }
  }

  /** Ends every stream (service shutdown) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const stream of [...this.streams]) stream.close(true);
  }
}
