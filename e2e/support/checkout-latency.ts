// Checkout request latency as OTLP/JSON over real HTTP, for the alert specs: a delta histogram
// `http.server.request.duration` (ms) per 10 s step, fast or slow; each slow step carries an
// exemplar pointing at a real failing server span and an ERROR log line in its trace (sent with
// the e2e ingest key). A live breach keeps sending slow steps as they complete, until stopped.
import { randomBytes } from "node:crypto";
import { OTLP_HEADERS } from "./env.ts";

export const LATENCY_METRIC = "http.server.request.duration";
export const LATENCY_SERVICE = "checkout";
export const STEP_MS = 10_000;
const BOUNDS = [100, 500, 1000, 2000];
const SLOW_LOG = "card processor timed out after";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const scope = { name: "tracelight-e2e-alerts" };

/** A slow step's request: its exemplar, span and log share the trace. */
export interface SlowRequest {
  traceId: string;
  spanId: string;
  durationMs: number;
  /** The ERROR log line written in the trace. */
  log: string;
}

async function post(otlpHttp: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${otlpHttp}${path}`, {
    method: "POST",
    headers: { ...OTLP_HEADERS, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`OTLP ${path}: HTTP ${response.status} ${await response.text()}`);
}

/**
 * Sends the steps starting at `starts` (epoch ms, multiples of STEP_MS): ten requests each,
 * under 100 ms, or 1–2 s when `slow` says so. Slow steps carry exemplars, spans and logs unless
 * `traced` is false. Spans and logs go first, so an exemplar never points at a missing trace.
 */
export async function sendSteps(
  otlpHttp: string,
  starts: readonly number[],
  slow: (startMs: number) => boolean,
  traced = true,
  service: string = LATENCY_SERVICE,
): Promise<SlowRequest[]> {
  const resource = { attributes: [str("service.name", service)] };
  const points: unknown[] = [];
  const spans: unknown[] = [];
  const logs: unknown[] = [];
  const requests: SlowRequest[] = [];
  for (const t of starts) {
    const isSlow = slow(t);
    const exemplars: unknown[] = [];
    if (isSlow && traced) {
      const request: SlowRequest = {
        traceId: hex(16),
        spanId: hex(8),
        durationMs: 1500 + ((t / STEP_MS) % 5) * 100,
        log: "",
      };
      request.log = `${SLOW_LOG} ${request.durationMs} ms`;
      requests.push(request);
      const endMs = t + STEP_MS / 2;
      exemplars.push({ timeUnixNano: nanos(endMs), asDouble: request.durationMs, ...ids(request) });
      spans.push({
        ...ids(request),
        name: "POST /checkout",
        kind: 2,
        startTimeUnixNano: nanos(endMs - request.durationMs),
        endTimeUnixNano: nanos(endMs),
        attributes: [str("http.route", "/checkout")],
        status: { code: 2, message: "card processor timeout" },
      });
      logs.push({
        timeUnixNano: nanos(endMs - 1),
        severityNumber: 17,
        severityText: "ERROR",
        body: { stringValue: request.log },
        ...ids(request),
      });
    }
    points.push({
      startTimeUnixNano: nanos(t),
      timeUnixNano: nanos(t + STEP_MS),
      count: "10",
      sum: isSlow ? 16_000 : 500,
      explicitBounds: BOUNDS,
      bucketCounts: isSlow ? ["0", "0", "0", "10", "0"] : ["10", "0", "0", "0", "0"],
      attributes: [str("http.route", "/checkout")],
      exemplars,
    });
  }
  if (spans.length > 0) {
    await post(otlpHttp, "/v1/traces", { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
    await post(otlpHttp, "/v1/logs", { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: logs }] }] });
  }
  const metric = { name: LATENCY_METRIC, unit: "ms", histogram: { aggregationTemporality: 1, dataPoints: points } };
  await post(otlpHttp, "/v1/metrics", {
    resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics: [metric] }] }],
  });
  return requests;
}

const ids = (r: SlowRequest) => ({ traceId: r.traceId, spanId: r.spanId });

/** Step starts in [fromMs, toMs), aligned to STEP_MS. */
export function stepsBetween(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / STEP_MS) * STEP_MS; t < toMs; t += STEP_MS) out.push(t);
  return out;
}

/**
 * A breach as it happens: slow steps for the last `backfillMs`, then every step as soon as it
 * completes, until stop(). Every slow request sent is in `requests`.
 */
export class LiveBreach {
  readonly requests: SlowRequest[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly otlpHttp: string) {}

  async start(backfillMs: number): Promise<void> {
    this.next = Math.floor((Date.now() - backfillMs) / STEP_MS) * STEP_MS;
    await this.tick();
    this.timer = setInterval(() => {
      this.sending = this.sending
        .then(() => this.tick())
        .catch((e: unknown) => {
          this.failure = e;
        });
    }, 1000);
  }

  /** Stops sending; resolves when nothing more is on its way. Returns when the last step ended. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
    if (this.failure !== undefined) throw this.failure;
    return this.next;
  }

  private async tick(): Promise<void> {
    const starts = stepsBetween(this.next, Date.now() - STEP_MS + 1);
    if (starts.length === 0) return;
    this.next = (starts.at(-1) ?? this.next) + STEP_MS;
    this.requests.push(...(await sendSteps(this.otlpHttp, starts, () => true)));
  }
}
