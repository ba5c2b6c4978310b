// Ingest as the receivers see it: bytes in, "stored" (or a typed refusal) out. Decodes a
// request, reserves memory for it, queues its rows for the signal's group commit and resolves
// once they are durable. Protocol details (status codes, headers) stay in the receivers.
import { OtlpDecodeError } from "@tracelight/otlp";
import type { IngestLimits } from "../config.ts";
import { log } from "../log.ts";
import { IngestBudget, type Reservation } from "./budget.ts";
import { IngestError } from "./errors.ts";
import { GroupCommit } from "./group-commit.ts";
import { RowEstimator } from "./row-estimate.ts";
import { type Encoding, type RowWriter, SIGNAL_SPECS, SIGNALS, type Signal, type SignalSpec } from "./signals.ts";

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
}

/** One signal's decode → queue → write path, with its row type hidden from the pipeline. */
interface Channel {
  decode(
    body: Uint8Array,
    encoding: Encoding,
  ): { count: number; store(): Promise<void>; rejected: number; errors: string[] };
  drain(): Promise<void>;
  readonly commit: GroupCommit<unknown>;
}

function channel<Rows>(spec: SignalSpec<Rows>, writer: RowWriter, limits: IngestLimits): Channel {
  const commit = new GroupCommit<Rows>({
    write: (rows) => spec.write(writer, rows),
    merge: spec.merge,
    maxBatchRows: limits.maxBatchRows,
    maxConcurrentWrites: limits.writeConcurrency,
  });
  return {
    commit: commit as GroupCommit<unknown>,
    decode(body, encoding) {
      const decoded = spec.decode(body, encoding);
      const count = spec.count(decoded.rows);
      return {
        count,
        rejected: decoded.rejected,
        errors: decoded.errors,
        store: () => commit.submit(decoded.rows, count),
      };
    },
    drain: () => commit.drain(),
  };
}

export class IngestPipeline {
  readonly budget: IngestBudget;
  private readonly channels: Record<Signal, Channel>;
  private readonly estimator = new RowEstimator();
  private closing = false;
  private refusedSinceLog = 0;
  private lastOverloadLog = 0;

  constructor(
    writer: RowWriter,
    private readonly limits: IngestLimits,
  ) {
    this.budget = new IngestBudget({ maxRows: limits.maxQueuedRows, maxBytes: limits.maxQueuedBytes });
    this.channels = {
      traces: channel(SIGNAL_SPECS.traces, writer, limits),
      logs: channel(SIGNAL_SPECS.logs, writer, limits),
      metrics: channel(SIGNAL_SPECS.metrics, writer, limits),
    };
  }

  /**
   * Reserves room for a request before its body is read or decoded: `bytes` is its declared
   * length (0 if unknown) and the rows are estimated from earlier requests of the same shape,
   * so a full queue refuses requests without reading them. Throws IngestError.
   */
  admit(shape: string, bytes: number): Admission {
    if (this.closing) throw this.shuttingDown();
    const reservation = this.budget.reserve(this.estimator.estimate(shape, bytes), bytes);
    if (!reservation) throw this.overloaded();
    return { reservation, shape, declaredBytes: bytes };
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
      const decoded = this.decode(signal, body, encoding);
      if (admission) this.estimator.learn(admission.shape, admission.declaredBytes, decoded.count);
      const result = { accepted: decoded.count, rejected: decoded.rejected, errors: decoded.errors };
      // A request whose every item is refused is bad input as a whole: 400 naming the problem.
      // When some items are good, they are stored and the rest reported as a partial success.
      if (decoded.count === 0 && decoded.rejected > 0) throw new IngestError("invalid", decoded.errors.join("; "));
      if (decoded.count === 0) return result;

      const held = reservation
        ? reservation.resize(decoded.count, body.byteLength) && reservation
        : this.budget.reserve(decoded.count, body.byteLength);
      if (!held) throw this.overloaded();
      reservation = held;

      try {
        await decoded.store();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new IngestError("store_failed", `storing ${signal} failed: ${message}`, this.limits.retryAfterSeconds, {
          cause: error,
        });
      }
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
    await Promise.all(SIGNALS.map((s) => this.channels[s].drain()));
  }

  /** Writes issued so far per signal (group commit batches). */
  batchCount(signal: Signal): number {
    return this.channels[signal].commit.batches;
  }

  private decode(signal: Signal, body: Uint8Array, encoding: Encoding) {
    try {
      return this.channels[signal].decode(body, encoding);
    } catch (error) {
      // Decoding is pure over the body: whatever it throws, the input is what it could not take.
      const reason =
        error instanceof OtlpDecodeError
          ? error.message
          : `could not decode OTLP ${encoding} ${signal}: ${error instanceof Error ? error.message : String(error)}`;
      throw new IngestError("invalid", reason, undefined, { cause: error });
    }
  }

  private overloaded(): IngestError {
    // One line per 10 s at most: overload is a state worth seeing, not an event per request.
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
    return new IngestError(
      "overloaded",
      `ingest queue full (limits: ${this.limits.maxQueuedRows} rows, ${this.limits.maxQueuedBytes} bytes); retry later`,
      this.limits.retryAfterSeconds,
    );
  }

  private shuttingDown(): IngestError {
    return new IngestError("shutting_down", "the service is shutting down; retry later", this.limits.retryAfterSeconds);
  }
}
