// Whether the store takes ingest's writes: a failed insert (full disk, engine error) marks
// ingest failing until an insert succeeds again. Readiness reports it, so a load balancer
// stops sending telemetry to a node that can only answer 503, and the log says when it
// started, how often it recurs (at most one line per interval) and when it ended. With no
// traffic no insert would ever succeed again, so while failing a probe write (write-probe.ts)
// runs every few seconds and its success counts as a write that succeeded.
import { log } from "../log.ts";
import type { BlockWriter } from "./signals.ts";

export interface WriteHealthOptions {
  /** Least time between two "still failing" log lines. */
  logIntervalMs?: number;
  now?: () => number;
  /** A tiny write to the store, run every `probeIntervalMs` (5 s) while writes fail. */
  probe?: () => Promise<void>;
  probeIntervalMs?: number;
}

export class WriteHealth {
  private failingSince: number | undefined;
  private lastError = "";
  private failures = 0;
  private failuresSinceLog = 0;
  private lastLog = 0;
  private readonly logIntervalMs: number;
  private readonly now: () => number;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;

  constructor(private readonly options: WriteHealthOptions = {}) {
    this.logIntervalMs = options.logIntervalMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** "ok", or since when and why writes fail. */
  check(): string {
    if (this.failingSince === undefined) return "ok";
    return `failing since ${new Date(this.failingSince).toISOString()} (${this.failures} failed writes): ${this.lastError}`;
  }

  succeeded(): void {
    if (this.failingSince === undefined) return;
    log.info("ingest writes succeed again", {
      failedForMs: this.now() - this.failingSince,
      failedWrites: this.failures,
    });
    this.failingSince = undefined;
    this.failures = 0;
    this.stopProbing();
  }

  /** Stops probing for good (the service is closing). */
  stop(): void {
    this.stopped = true;
    this.stopProbing();
  }

  failed(error: unknown): void {
    const now = this.now();
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failures++;
    this.failuresSinceLog++;
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.startProbing();
      log.error("ingest write failed: not ready for ingest until a write succeeds", { error });
    } else if (now - this.lastLog >= this.logIntervalMs) {
      log.error("ingest writes still failing", {
        since: new Date(this.failingSince).toISOString(),
        failedWrites: this.failuresSinceLog,
        error,
      });
    } else {
      return;
    }
    this.lastLog = now;
    this.failuresSinceLog = 0;
  }

  private startProbing(): void {
    const probe = this.options.probe;
    if (probe === undefined || this.probeTimer !== undefined || this.stopped) return;
    const run = async () => {
      if (this.probing) return;
      this.probing = true;
      try {
        await probe();
        this.succeeded();
      } catch (error) {
        // Not a write of ingest's: the reason shown is brought up to date, the count is not.
        this.lastError = error instanceof Error ? error.message : String(error);
      } finally {
        this.probing = false;
      }
    };
    this.probeTimer = setInterval(run, this.options.probeIntervalMs ?? 5_000);
    this.probeTimer.unref();
  }

  private stopProbing(): void {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }
}

/** The writer with every insert's outcome recorded in `health`. */
export function trackWrites(writer: BlockWriter, health: WriteHealth): BlockWriter {
  return {
    async insertEncoded(blocks) {
      try {
        await writer.insertEncoded(blocks);
      } catch (error) {
        health.failed(error);
        throw error;
      }
      health.succeeded();
    },
  };
}
