// Trace search sorted over the whole range, and the duration scatter, through the running
// service over real chDB: 1,000 traces made by the OpenTelemetry SDK spread over an hour and
// sent through the OTLP/HTTP proto exporter, the slowest one 50 minutes before the range's end.
import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { TraceScatterResponse, TraceSearchResponse } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSpans } from "./helpers/exporters.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

const MINUTE = 60_000;
const TRACES = 1000;
const SLOWEST_MS = 4530;
// Whole minutes in the past, so the range is fixed while the test runs.
const TO = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
const FROM = TO - 60 * MINUTE;
/** Starts 10 minutes after FROM: 50 minutes before the end of the range. */
const SLOWEST_INDEX = 167;
const RANGE = `from=${FROM}&to=${TO}`;

let t: TestService;
let api: string;
const ids: string[] = [];
const durations: number[] = [];

/** Trace i starts 3.6 s after trace i-1; all but one last 10 ms to 2.5 s. */
function sendTraces() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "shop" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("tracelight-test");
  for (let i = 0; i < TRACES; i++) {
    const start = FROM + i * 3600;
    const duration = i === SLOWEST_INDEX ? SLOWEST_MS : 10 + ((i * 7919) % 2490);
    durations.push(duration);
    const root = tracer.startSpan("GET /cart", { startTime: start });
    const child = tracer.startSpan("SELECT cart", { startTime: start + 1 }, trace.setSpan(ROOT_CONTEXT, root));
    // The slowest trace's time goes elsewhere: its child is the shortest of all.
    child.end(start + 1 + (i === SLOWEST_INDEX ? 1 : duration / 2));
    root.end(start + duration);
    ids.push(root.spanContext().traceId);
  }
  return memory.getFinishedSpans();
}

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${t.service.ports.api}`;
  const outcome = await exportSpans("proto", sendTraces(), { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc });
  expect(outcome.code, String(outcome.error)).toBe(0);
  expect(await t.count("otel_traces")).toBe(2 * TRACES);
});
afterAll(async () => {
  await t?.close();
});

const get = <T>(path: string) => callJson<T>(api, "GET", `/api/v1${path}`);

describe("GET /api/v1/traces?sort=", () => {
  it("duration: the longest traces of the whole range first, before the limit", async () => {
    const { status, body } = await get<TraceSearchResponse>(`/traces?${RANGE}&sort=duration`);
    expect(status).toBe(200);
    expect(body.traces).toHaveLength(100);
    expect(body.traces[0]).toMatchObject({ traceId: ids[SLOWEST_INDEX], durationMs: SLOWEST_MS, spanCount: 2 });
    const longest = [...durations].sort((a, b) => b - a).slice(0, 100);
    expect(body.traces.map((s) => s.durationMs)).toEqual(longest);
  });

  it("duration ranks a trace by its own duration when the filters match only its children", async () => {
    const { body } = await get<TraceSearchResponse>(`/traces?${RANGE}&sort=duration&name=SELECT%20cart&limit=10`);
    expect(body.traces[0]).toMatchObject({ traceId: ids[SLOWEST_INDEX], durationMs: SLOWEST_MS });
    expect(body.traces.map((s) => s.durationMs)).toEqual([...durations].sort((a, b) => b - a).slice(0, 10));
  });

  it("time (the default): the newest traces first", async () => {
    for (const query of [`${RANGE}&sort=time`, RANGE]) {
      const { body } = await get<TraceSearchResponse>(`/traces?${query}&limit=50`);
      expect(body.traces.map((s) => s.traceId)).toEqual(ids.slice(-50).reverse());
    }
  });

  it("refuses an unknown sort, naming the field", async () => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(`/traces?${RANGE}&sort=spans`);
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: "bad_request", message: "sort: must be time or duration" });
  });
});

describe("GET /api/v1/traces/scatter", () => {
  it("holds the slowest traces and a sample of every part of the range, bounded in points", async () => {
    const { status, body } = await get<TraceScatterResponse>(`/traces/scatter?${RANGE}`);
    expect(status).toBe(200);
    expect(body.sampling).toEqual({ slowest: 20, bucketMs: MINUTE, perBucket: 5, complete: false });
    expect(body.traces.length).toBeLessThanOrEqual(20 + 61 * 5);
    expect(body.traces.map((s) => s.traceId)).toContain(ids[SLOWEST_INDEX]);
    expect(new Set(body.traces.map((s) => s.traceId)).size).toBe(body.traces.length);
    // Every one of the hour's minutes has dots.
    const minutes = new Set(body.traces.map((s) => Math.floor((s.startTime - FROM) / MINUTE)));
    expect([...minutes].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, m) => m));
  });

  it("shows every trace when the range holds few, and takes the search's filters", async () => {
    const few = `from=${FROM}&to=${FROM + 10 * 3600 - 1}`;
    const { body } = await get<TraceScatterResponse>(`/traces/scatter?${few}&name=GET%20%2Fcart`);
    expect(body.sampling.complete).toBe(true);
    expect(body.traces.map((s) => s.traceId).sort()).toEqual(ids.slice(0, 10).sort());
    const none = await get<TraceScatterResponse>(`/traces/scatter?${RANGE}&service=nobody`);
    expect(none.body.traces).toEqual([]);
  });
});
