// Ingest as the receivers see it: bytes in, "stored" (or a typed refusal) out. Encodes a
// request to Native blocks at once — protobuf spans and logs straight from the body when the
// store's direct path takes them, otherwise through row objects in the same turn, so they die
// young — reserves memory for the blocks, queues them for the signal's group commit and
// resolves once they are durable. Stored log rows can be handed to a listener (live tail).
// Protocol details (status codes, headers) stay in the receivers.
import { type LogRow, OtlpDecodeError } from "@tracelight/otlp";
import { compactBlock, type EncodedRows, encodedBytes, MAX_VALUE_BYTES } from "@tracelight/store";
import type { IngestLimits } from "../config.ts";
import { log } from "../log.ts";
import { IngestBudget, type Reservation } from "./budget.ts";
import { IngestError } from "./errors.ts";
import { GroupCommit } from "./group-commit.ts";
import { type Receipt, ReceiveShares } from "./receive-shares.ts";
import { RowEstimator } from "./row-estimate.ts";
import { type BlockWriter, type Encoding, SIGNAL_SPECS, SIGNALS, type Signal, type SignalSpec } from "./signals.ts";
import { DEFAULT_TIME_LIMITS, type IngestTimeLimits, type RetentionDays, TimeWindow } from "./time-window.ts";

/** What the receiver reports back: refused items become an OTLP partial success. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  /** Distinct reasons for the refused items. */
  errors: string[];
}

/**
 * Room held for one request from admission (before its body is read) until its rows are
 * stored. `shape` names how its bytes relate to rows (e.g. "traces/protobuf/gzip").
 */
export interface Admission {
  reservation: Reservation;
  shape: string;
  declaredBytes: number;
  /** Its body's bytes while they arrive, against its client's share (receive-shares.ts). */
  receipt?: Receipt;
}

/** A decoded request: its accepted rows already encoded, the row objects gone. */
interface EncodedRequest {
  count: number;
  /** Items refused: invalid ones and `untimely` ones. */
  rejected: number;
  /** Items whose time is outside what is stored (time-window.ts). */
  untimely: number;
  errors: string[];
  blocks: EncodedRows[];
  /** Runs once the rows are stored (live tail); holds only the rows a listener asked for. */
  stored?: () => void;
}

/**
 * Gets log rows once they are stored (acknowledged), e.g. live tail. `select` runs at decode
 * time and returns the rows the listener will want ([] when nobody listens), so only those
 * stay in memory while the request's blocks wait for their write.
 */
export interface StoredLogsListener {
  /** Whether select() may keep any row now; when not, logs are encoded without rows. Absent: always. */
  wantsRows?(): boolean;
  select(rows: readonly LogRow[]): readonly LogRow[];
  onLogsStored(rows: readonly LogRow[]): void;
}

export interface PipelineOptions {
  logsListener?: StoredLogsListener;
  /** Retention per signal (TRACELIGHT_TTL_*_DAYS): older items are refused, not stored. */
  retentionDays?: RetentionDays;
}

/** One signal's decode → encode → queue → write path, with its row type hidden from the pipeline. */
interface Channel {
  decode(body: Uint8Array, encoding: Encoding): EncodedRequest;
  readonly commit: GroupCommit<EncodedRows[]>;
}

function channel<Rows>(
  spec: SignalSpec<Rows>,
  commit: GroupCommit<EncodedRows[]>,
  timeLimits: IngestTimeLimits,
  retentionDays: number | undefined,
  watch?: Watch<Rows>,
): Channel {
  return {
    commit,
    decode(body, encoding) {
      const window = new TimeWindow(spec.signal, timeLimits, retentionDays, Date.now());
      // Most requests need no rows: their Native block is written straight from the protobuf.
      if (encoding === "protobuf" && spec.direct && !watch?.wantsRows()) {
        const block = spec.direct(body, window.bounds());
        if (block) return { count: block.rowCount, rejected: 0, untimely: 0, errors: [], blocks: [block] };
      }
      const decoded = spec.decode(body, encoding);
      const rows = spec.keep(decoded.rows, window);
      const untimely = window.refused;
      const errors = [...decoded.errors, ...window.messages(spec.items, spec.timeName)];
      const count = spec.count(rows);
      const blocks = count > 0 ? spec.encode(rows).map(compactBlock) : [];
      const stored = count > 0 ? watch?.watch(rows) : undefined;
      const truncated = blocks.reduce((n, b) => n + (b.truncatedValues ?? 0), 0);
      if (truncated > 0) errors.push(`${truncated} values longer than ${MAX_VALUE_BYTES} bytes stored truncated`);
      return { count, rejected: decoded.rejected + untimely, untimely, errors, blocks, stored };
    },
  };
}

/** Rows a channel keeps past their write, for a listener: whether it wants any now, and which. */
interface Watch<Rows> {
  wantsRows(): boolean;
  /** Runs at decode time; returns what to run once the rows are stored. */
  watch(rows: Rows): (() => void) | undefined;
}

/** The logs channel's watch: keeps the rows the listener selects, hands them over once stored. */
function watchLogs(listener: StoredLogsListener | undefined): Watch<LogRow[]> | undefined {
  if (listener === undefined) return undefined;
  return {
    wantsRows: () => listener.wantsRows?.() ?? true,
    watch: (rows) => {
      const kept = listener.select(rows);
      return kept.length === 0 ? undefined : () => listener.onLogsStored(kept);
    },
  };
}

export class IngestPipeline {
  readonly budget: IngestBudget;
  /** Bodies still arriving: at most half the budget, shared between client addresses. */
  readonly receiving: ReceiveShares;
  /** Requests refused as overloaded since the start (self-metrics read it). */
  refused = 0;
  private readonly channels: Record<Signal, Channel>;
  private readonly estimator = new RowEstimator();
  private closing = false;
  private refusedSinceLog = 0;
  private lastOverloadLog = 0;

  constructor(
    writer: BlockWriter,
    private readonly limits: IngestLimits,
    options: PipelineOptions = {},
  ) {
    this.budget = new IngestBudget({ maxRows: limits.maxQueuedRows, maxBytes: limits.maxQueuedBytes });
    this.receiving = new ReceiveShares(Math.floor(limits.maxQueuedBytes / 2));
    // Queued items are block lists, whatever the signal: merging batches is concatenating them.
    const commit = () =>
      new GroupCommit<EncodedRows[]>({
        write: (blocks) => writer.insertEncoded(blocks),
        merge: (parts) => parts.flat(),
        maxBatchRows: limits.maxBatchRows,
        maxConcurrentWrites: limits.writeConcurrency,
      });
    const days = options.retentionDays;
    const times = limits.times ?? DEFAULT_TIME_LIMITS;
    this.channels = {
      traces: channel(SIGNAL_SPECS.traces, commit(), times, days?.traces),
      logs: channel(SIGNAL_SPECS.logs, commit(), times, days?.logs, watchLogs(options.logsListener)),
      metrics: channel(SIGNAL_SPECS.metrics, commit(), times, days?.metrics),
    };
  }

  /**
   * Reserves room for a request before its body is read or decoded: `bytes` is its declared
   * length (0 if unknown) and the rows are estimated from earlier requests of the same shape,
   * so a full queue refuses requests without reading them; `heldBytes` is what it holds now
   * (0 for a body still to arrive, see hold()). With `client` (its address), the body's bytes
   * count against that client's share until received() (receive-shares.ts). Throws IngestError.
   */
  admit(shape: string, bytes: number, heldBytes = bytes, client?: string): Admission {
    if (this.closing) throw this.shuttingDown();
    const receipt = client === undefined ? undefined : this.receiving.open(client);
    if (client !== undefined && receipt === undefined) throw this.overShare(client);
    const reservation = this.budget.reserve(this.estimator.estimate(shape, bytes), heldBytes);
    if (!reservation) {
      receipt?.close();
      throw this.overloaded();
    }
    return { reservation, shape, declaredBytes: bytes, receipt };
  }

  /**
   * Sets the bytes an admitted request holds while its body arrives and is decompressed, so
   * they are counted as they come rather than as declared. Throws IngestError("overloaded").
   */
  hold(admission: Admission, bytes: number): void {
    if (admission.receipt && !admission.receipt.resize(bytes)) throw this.overShare(admission.receipt.address);
    if (!admission.reservation.resizeBytes(bytes)) throw this.overloaded();
  }

  /** The request's body has arrived (or never will): it no longer counts against its client's share. */
  received(admission: Admission): void {
    admission.receipt?.close();
  }

  /**
   * Decodes and stores one request. Resolves once every accepted row is durably stored.
   * `body` is the decompressed request. Takes ownership of the admission (always released).
   * Throws IngestError: invalid, overloaded, store_failed, shutting_down.
   */
  async ingest(signal: Signal, body: Uint8Array, encoding: Encoding, admission?: Admission): Promise<IngestResult> {
    let reservation = admission?.reservation;
    try {
      if (this.closing) throw this.shuttingDown();
      const request = this.decode(signal, body, encoding);
      if (admission) this.estimator.learn(admission.shape, admission.declaredBytes, request.count);
      const result = { accepted: request.count, rejected: request.rejected, errors: request.errors };
      // A request whose every item is refused as invalid is bad input as a whole: 400 naming
      // the problem. When some items are good, they are stored and the rest reported as a
      // partial success; so are items refused only for their time (per item, and a retry
      // would not change it).
      if (request.count === 0 && request.rejected > request.untimely) {
        throw new IngestError("invalid", request.errors.join("; "));
      }
      if (request.count === 0) return result;

      // From here on the request holds its encoded blocks, no longer its body or row objects.
      const bytes = encodedBytes(request.blocks);
      const held = reservation
        ? reservation.resize(request.count, bytes) && reservation
        : this.budget.reserve(request.count, bytes);
      if (!held) throw this.overloaded();
      reservation = held;

      try {
        await this.channels[signal].commit.submit(request.blocks, request.count);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new IngestError("store_failed", `storing ${signal} failed: ${message}`, this.limits.retryAfterSeconds, {
          cause: error,
        });
      }
      this.notifyStored(request);
      return result;
    } finally {
      reservation?.release();
    }
  }

  /** Stops admitting requests, then waits for queued and in-flight writes to finish. */
  async close(): Promise<void> {
    this.closing = true;
    await this.drain();
  }

  /** Resolves once nothing is queued or being written, on every signal. */
  async drain(): Promise<void> {
    await Promise.all(SIGNALS.map((s) => this.channels[s].commit.drain()));
  }

  /** Writes issued so far per signal (group commit batches). */
  batchCount(signal: Signal): number {
    return this.channels[signal].commit.batches;
  }

  private notifyStored(request: EncodedRequest): void {
    try {
      request.stored?.();
    } catch (error) {
      // The rows are stored and about to be acknowledged: a listener's bug must not change that.
      log.error("stored-rows listener failed", { error });
    }
  }

  private decode(signal: Signal, body: Uint8Array, encoding: Encoding): EncodedRequest {
    try {
      return this.channels[signal].decode(body, encoding);
    } catch (error) {
      // Decoding and encoding are pure over the body: whatever they throw, the input is what they could not take.
      const reason =
        error instanceof OtlpDecodeError
          ? error.message
          : `could not decode OTLP ${encoding} ${signal}: ${error instanceof Error ? error.message : String(error)}`;
      throw new IngestError("invalid", reason, undefined, { cause: error });
    }
  }

  private overloaded(): IngestError {
    this.countRefusal();
    return new IngestError(
      "overloaded",
      `ingest queue full (limits: ${this.limits.maxQueuedRows} rows, ${this.limits.maxQueuedBytes} bytes); retry later`,
      this.limits.retryAfterSeconds,
    );
  }

  private overShare(client: string): IngestError {
    this.countRefusal();
    return new IngestError(
      "overloaded",
      `bodies still arriving from ${client} hold that address's share of the ingest budget ` +
        `(${this.receiving.share()} bytes: half of TRACELIGHT_INGEST_MAX_QUEUED_BYTES shared by the clients sending now); retry later`,
      this.limits.retryAfterSeconds,
    );
  }

  private countRefusal(): void {
    // One line per 10 s at most: overload is a state worth seeing, not an event per request.
    this.refused++;
    this.refusedSinceLog++;
    const now = Date.now();
    if (now - this.lastOverloadLog >= 10_000) {
      log.warn("ingest overloaded: refusing requests (503 / UNAVAILABLE)", {
        refused: this.refusedSinceLog,
        queuedRows: this.budget.rows,
        queuedBytes: this.budget.bytes,
      });
      this.lastOverloadLog = now;
      this.refusedSinceLog = 0;
    }
  }

  private shuttingDown(): IngestError {
    return new IngestError("shutting_down", "the service is shutting down; retry later", this.limits.retryAfterSeconds);
  }
}
