// Posts encoded OTLP export requests to an OTLP/HTTP listener, one at a time, from a queue
// bounded in bytes. Its host never waits on it and it never throws: while the listener is down
// or slow, requests are retried with packages/backoff's backoff (at least Retry-After) a few
// times, then dropped and counted; when the queue is full the oldest request goes first.
import { setTimeout as sleep } from "node:timers/promises";
import { type BackoffOptions, backoffDelayMs, parseRetryAfter } from "@tracelight/backoff";

export type Signal = "metrics" | "logs" | "traces";

export interface OtlpPushOptions {
  /** Base URL of an OTLP/HTTP listener, e.g. http://127.0.0.1:4318; undefined while there is none to send to. */
  url: () => string | undefined;
  /** Sent with every request, e.g. an ingest key's authorization. */
  headers?: Readonly<Record<string, string>>;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Bytes of encoded requests held at most; default 4 MiB. */
  maxQueuedBytes?: number;
  /** Tries per request before it is dropped; default 4. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /**
   * Called when sending starts failing (with why) and when it works again (undefined): once per
   * change, not per request, so that a host logging it cannot feed its own logs back in a loop.
   */
  onStateChange?: (problem: string | undefined) => void;
}

export interface PushStats {
  /** Items (data points, log records, spans) the listener accepted, by signal. */
  sent: Record<Signal, number>;
  /** Items dropped: queue full, retries used up, refused for good, or left at close. */
  dropped: Record<Signal, number>;
  /** Requests that failed (each try counts). */
  failures: number;
  queuedBytes: number;
}

interface Pending {
  signal: Signal;
  body: Uint8Array;
  items: number;
  attempts: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.5 };
const zero = (): Record<Signal, number> => ({ metrics: 0, logs: 0, traces: 0 });

type Outcome = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

export class OtlpPush {
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  private draining: Promise<void> | undefined;
  private closing = false;
  private problem: string | undefined;
  private readonly stop = new AbortController();
  private readonly counts = { sent: zero(), dropped: zero(), failures: 0 };

  constructor(private readonly options: OtlpPushOptions) {}

  /** Queues one encoded export request of `items` items; returns at once. */
  send(signal: Signal, body: Uint8Array, items: number): void {
    const limit = this.options.maxQueuedBytes ?? 4 * 1024 * 1024;
    if (this.closing || body.length > limit) {
      this.counts.dropped[signal] += items;
      return;
    }
    this.queue.push({ signal, body, items, attempts: 0 });
    this.queuedBytes += body.length;
    // The head may be in flight: it is never the one dropped.
    while (this.queuedBytes > limit && this.queue.length > 1) this.drop(this.queue.splice(1, 1)[0]!);
    this.kick();
  }

  stats(): PushStats {
    return {
      sent: { ...this.counts.sent },
      dropped: { ...this.counts.dropped },
      failures: this.counts.failures,
      queuedBytes: this.queuedBytes,
    };
  }

  /** Resolves once the queue is empty or `timeoutMs` has passed. */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = sleep(timeoutMs, undefined, { ref: false });
    while (this.draining) if ((await Promise.race([this.draining.then(() => true), deadline])) !== true) return;
  }

  /** Sends what is queued (no more retry waits) for up to `timeoutMs`, then drops the rest. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    this.kick();
    await this.flush(timeoutMs);
    this.stop.abort();
    await this.draining;
    while (this.queue.length > 0) this.drop(this.queue.shift()!);
  }

  private kick(): void {
    if (this.draining || this.queue.length === 0 || this.stop.signal.aborted) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stop.signal.aborted) {
      const url = this.options.url();
      // Nowhere to send yet: the queue waits (bounded) for the next send to try again.
      if (url === undefined) return;
      const head = this.queue[0]!;
      const outcome = await this.post(url, head);
      if (outcome.ok) {
        this.queue.shift();
        this.queuedBytes -= head.body.length;
        this.counts.sent[head.signal] += head.items;
        this.setProblem(undefined);
        continue;
      }
      this.counts.failures++;
      head.attempts++;
      this.setProblem(outcome.reason);
      const attempts = this.options.maxAttempts ?? 4;
      if (!outcome.retry || head.attempts >= attempts || this.closing) {
        if (this.queue[0] === head) this.drop(this.queue.shift()!);
        continue;
      }
      const backoff = backoffDelayMs(head.attempts - 1, this.options.backoff ?? DEFAULT_BACKOFF);
      const waitMs = Math.max(backoff, outcome.retryAfterMs ?? 0);
      // Unreferenced: a host that is otherwise done may exit during the wait.
      await sleep(waitMs, undefined, { ref: false, signal: this.stop.signal }).catch(() => {});
    }
  }

  private async post(url: string, pending: Pending): Promise<Outcome> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    try {
      const response = await fetch(`${url}/v1/${pending.signal}`, {
        method: "POST",
        headers: { ...this.options.headers, "content-type": "application/x-protobuf" },
        // A copy typed over a plain ArrayBuffer, which fetch's body type asks for.
        body: new Uint8Array(pending.body),
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.arrayBuffer();
      if (response.ok) return { ok: true };
      return {
        ok: false,
        retry: RETRYABLE.has(response.status),
        reason: `${pending.signal} export answered ${response.status}`,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return {
        ok: false,
        retry: true,
        reason: `${pending.signal} export failed: ${(cause as Error).message ?? cause}`,
      };
    }
  }

  private drop(pending: Pending): void {
    this.queuedBytes -= pending.body.length;
    this.counts.dropped[pending.signal] += pending.items;
  }

  private setProblem(problem: string | undefined): void {
    if ((problem === undefined) === (this.problem === undefined)) return;
    this.problem = problem;
    try {
      this.options.onStateChange?.(problem);
    } catch {
      // A host's logger failing must not stop the sending.
    }
  }
}
