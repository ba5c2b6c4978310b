// A checkout latency incident as OTLP/JSON, sent over real HTTP: a delta histogram
// `http.server.request.duration` (ms) per 10 s for `minutes` minutes, slow (1–2 s) in the
// last `slowMinutes`, its slow points carrying exemplars of real server spans; those spans,
// and an ERROR log line in each of their traces.
import { randomBytes } from "node:crypto";

export const INCIDENT_METRIC = "http.server.request.duration";
export const INCIDENT_SERVICE = "checkout";
const BOUNDS = [100, 500, 1000, 2000];

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const resource = { attributes: [str("service.name", INCIDENT_SERVICE)] };

export interface Incident {
  /** Epoch ms of the first point. */
  startMs: number;
  /** Epoch ms the slow part starts. */
  slowFromMs: number;
  endMs: number;
  /** Trace IDs of the exemplars (each has a stored span and an ERROR log). */
  traceIds: string[];
}

async function post(otlpHttp: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${otlpHttp}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
}

/** Sends the incident ending at `endMs` (points every 10 s before it). */
export async function sendIncident(
  otlpHttp: string,
  options: { endMs: number; minutes: number; slowMinutes: number },
): Promise<Incident> {
  const stepMs = 10_000;
  const endMs = Math.floor(options.endMs / stepMs) * stepMs;
  const startMs = endMs - options.minutes * 60_000;
  const slowFromMs = endMs - options.slowMinutes * 60_000;
  const points: unknown[] = [];
  const spans: unknown[] = [];
  const logs: unknown[] = [];
  const traceIds: string[] = [];
  for (let t = startMs; t < endMs; t += stepMs) {
    const slow = t >= slowFromMs;
    const exemplars: unknown[] = [];
    if (slow) {
      const traceId = hex(16);
      const spanId = hex(8);
      const durationMs = 1500 + ((t / stepMs) % 5) * 100;
      traceIds.push(traceId);
      exemplars.push({ timeUnixNano: nanos(t + 5000), asDouble: durationMs, traceId, spanId });
      spans.push({
        traceId,
        spanId,
        name: "POST /checkout",
        kind: 2,
        startTimeUnixNano: nanos(t + 5000 - durationMs),
        endTimeUnixNano: nanos(t + 5000),
        attributes: [str("http.route", "/checkout")],
        status: { code: 2, message: "card processor timeout" },
      });
      logs.push({
        timeUnixNano: nanos(t + 4999),
        severityNumber: 17,
        severityText: "ERROR",
        body: { stringValue: `card processor timed out after ${durationMs} ms` },
        traceId,
        spanId,
      });
    }
    points.push({
      startTimeUnixNano: nanos(t),
      timeUnixNano: nanos(t + stepMs),
      count: "10",
      sum: slow ? 16_000 : 500,
      explicitBounds: BOUNDS,
      bucketCounts: slow ? ["0", "0", "0", "10", "0"] : ["10", "0", "0", "0", "0"],
      attributes: [str("http.route", "/checkout")],
      exemplars,
    });
  }
  const scope = { name: "alerts-test" };
  await post(otlpHttp, "/v1/traces", { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
  await post(otlpHttp, "/v1/logs", { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: logs }] }] });
  await post(otlpHttp, "/v1/metrics", {
    resourceMetrics: [
      {
        resource,
        scopeMetrics: [
          {
            scope,
            metrics: [
              {
                name: INCIDENT_METRIC,
                unit: "ms",
                histogram: { aggregationTemporality: 1, dataPoints: points },
              },
            ],
          },
        ],
      },
    ],
  });
  return { startMs, slowFromMs, endMs, traceIds };
}
