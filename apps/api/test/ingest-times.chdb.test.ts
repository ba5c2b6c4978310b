// Item times outside what Tracelight stores, over real chDB, OTLP/gRPC and OTLP/HTTP (protobuf
// and JSON): times of 0, 1999, year 2300 and 2^63−1 ns are refused per item with the reason in
// the partial success, their siblings (now, and 23 h ahead: clock skew) are stored exactly. The
// other times: span ends (refused past the future limit), span events, data points' start
// times and exemplars (mended or dropped, reported in the partial success).
import type { HrTime } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import { AggregationTemporality, DataPointType, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExport } from "./helpers/grpc-client.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t?.close();
});

const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const NOW = ns(Date.now());
const STORED = [NOW, NOW + ns(23 * 3_600_000)];
const BEFORE_2000 = [0n, ns(Date.UTC(1999, 11, 31))];
const AHEAD = [ns(Date.UTC(2300, 0, 1)), 2n ** 63n - 1n];
const hr = (time: bigint): HrTime => [Number(time / 1_000_000_000n), Number(time % 1_000_000_000n)];

const WHY = "not stored: check the sender's clock and time unit";
const refusals = (items: string, timeName: string) =>
  `2 ${items} with a ${timeName} before 2000-01-01T00:00:00.000Z (TRACELIGHT_INGEST_MIN_TIME) ${WHY}; ` +
  `2 ${items} with a ${timeName} more than 1d ahead of the server's clock (TRACELIGHT_INGEST_MAX_FUTURE) ${WHY}`;

function spansAt(service: string, times: bigint[]): ReadableSpan[] {
  const spans = makeSpans(service, times.length).slice(0, times.length);
  return spans.map((span, i) => {
    const start = times[i] as bigint;
    const moved = { startTime: hr(start), endTime: hr(start === 2n ** 63n - 1n ? start : start + 1000n) };
    return Object.assign(Object.create(Object.getPrototypeOf(span)), span, moved);
  });
}

/** Log records at [time, observed time]. */
function logsAt(service: string, times: [bigint, bigint][]): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger("tracelight-test");
  for (const [time, observed] of times) {
    logger.emit({
      timestamp: hr(time),
      observedTimestamp: hr(observed),
      severityNumber: SeverityNumber.INFO,
      body: `at ${time}`,
    });
  }
  return memory.getFinishedLogRecords();
}

/** Gauge points at `times`, starting at `starts` (their times when not given). */
function gaugeAt(service: string, times: bigint[], starts = times): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ "service.name": service }),
    scopeMetrics: [
      {
        scope: { name: "tracelight-test" },
        metrics: [
          {
            descriptor: { name: "times.gauge", description: "", unit: "1", valueType: 1 },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: times.map((time, i) => ({
              startTime: hr(starts[i] as bigint),
              endTime: hr(time),
              attributes: { i },
              value: i,
            })),
          },
        ],
      },
    ],
  };
}

interface Partial {
  rejected: number;
  message: string;
}

type Signal = "traces" | "logs" | "metrics";
const SERIALIZERS = {
  traces: { proto: ProtobufTraceSerializer, json: JsonTraceSerializer, rejected: "rejectedSpans" },
  logs: { proto: ProtobufLogsSerializer, json: JsonLogsSerializer, rejected: "rejectedLogRecords" },
  metrics: { proto: ProtobufMetricsSerializer, json: JsonMetricsSerializer, rejected: "rejectedDataPoints" },
} as const;

/** Sends `items` over one transport; the partial success it answered (0 and "" when none). */
async function send(transport: string, signal: Signal, items: unknown): Promise<Partial> {
  const s = SERIALIZERS[signal];
  const serializer = transport === "http/json" ? s.json : s.proto;
  // The serializers' item types differ per signal; `items` is made for `signal` by the caller.
  const body = (serializer.serializeRequest as (items: unknown) => Uint8Array)(items);
  let answer: Uint8Array;
  if (transport === "grpc") {
    const { response, error } = await rawExport(t.otlpGrpc, signal, body);
    expect(error).toBeUndefined();
    answer = new Uint8Array(response as Buffer);
  } else {
    const type = transport === "http/json" ? "application/json" : "application/x-protobuf";
    const response = await fetch(`${t.otlpHttp}/v1/${signal}`, {
      method: "POST",
      body,
      headers: { "content-type": type },
    });
    expect(response.status).toBe(200);
    answer = new Uint8Array(await response.arrayBuffer());
  }
  const partial = (serializer.deserializeResponse(answer) as { partialSuccess?: Record<string, unknown> })
    .partialSuccess;
  return { rejected: Number(partial?.[s.rejected] ?? 0), message: String(partial?.errorMessage ?? "") };
}

async function storedTimes(table: string, service: string, column: string): Promise<string[]> {
  const rows = await t.rows<{ ts: string }>(
    `SELECT toString(toUnixTimestamp64Nano(${column})) AS ts FROM ${table} WHERE ServiceName = '${service}' ORDER BY ts`,
  );
  return rows.map((r) => r.ts);
}

const TRANSPORTS = ["grpc", "http/protobuf", "http/json"];
const MIXED = [...BEFORE_2000, STORED[0] as bigint, ...AHEAD, STORED[1] as bigint];

describe.each(TRANSPORTS)("fault: hostile OTLP — absurd times over %s: refused per item", (transport) => {
  const service = (signal: string) => `times-${signal}-${transport.replace("/", "-")}`;

  it("spans, by their start time", async () => {
    expect(await send(transport, "traces", spansAt(service("spans"), MIXED))).toEqual({
      rejected: 4,
      message: refusals("spans", "start time"),
    });
    expect(await storedTimes("otel_traces", service("spans"), "Timestamp")).toEqual(STORED.map(String));
  });

  it("log records, by their time or, when it is 0, their observed time", async () => {
    const records = logsAt(service("logs"), [
      ...MIXED.map((time): [bigint, bigint] => [time, time]),
      [0n, NOW + 1n], // no time of its own: the observed one decides, and is stored
    ]);
    expect(await send(transport, "logs", records)).toEqual({ rejected: 4, message: refusals("log records", "time") });
    expect(await storedTimes("otel_logs", service("logs"), "Timestamp")).toEqual(
      [NOW, NOW + 1n, STORED[1] as bigint].map(String),
    );
  });

  it("metric data points, by their time", async () => {
    expect(await send(transport, "metrics", gaugeAt(service("points"), MIXED))).toEqual({
      rejected: 4,
      message: refusals("data points", "time"),
    });
    expect(await storedTimes("otel_metrics_gauge", service("points"), "TimeUnix")).toEqual(STORED.map(String));
  });

  it("a request of refused times only is a 200 with every item counted", async () => {
    expect(await send(transport, "traces", spansAt(service("only"), [0n, 2n ** 63n - 1n]))).toMatchObject({
      rejected: 2,
    });
    expect(await t.count("otel_traces", `ServiceName = '${service("only")}'`)).toBe(0);
  });
});

const END_AHEAD =
  "2 spans with an end time more than 1d ahead of the server's clock (TRACELIGHT_INGEST_MAX_FUTURE) not stored: " +
  "check the sender's clock and time unit";
const OUTSIDE = "outside the ingest window (TRACELIGHT_INGEST_MIN_TIME, _MAX_FUTURE)";

/** Spans starting now, each with its end and its events' times. */
function spansEnding(service: string, spans: { end: bigint; events?: bigint[] }[]): ReadableSpan[] {
  return spansAt(
    service,
    spans.map(() => NOW),
  ).map((span, i) => {
    const { end, events = [] } = spans[i] as { end: bigint; events?: bigint[] };
    const timed = events.map((time, n) => ({ name: `event-${n}`, time: hr(time), attributes: {} }));
    return Object.assign(Object.create(Object.getPrototypeOf(span)), span, { endTime: hr(end), events: timed });
  });
}

describe.each(TRANSPORTS)("fault: hostile OTLP — absurd other times over %s", (transport) => {
  const service = (signal: string) => `other-times-${signal}-${transport.replace("/", "-")}`;

  it("a span ending past the future limit is refused; one ending before its start is stored with Duration 0; its events outside the window are stored at its start", async () => {
    const spans = spansEnding(service("spans"), [
      { end: NOW + 1000n, events: [0n, AHEAD[0] as bigint, NOW + 10n] },
      { end: 2n ** 63n - 1n },
      { end: AHEAD[0] as bigint },
      { end: NOW - 1000n },
    ]);
    expect(await send(transport, "traces", spans)).toEqual({
      rejected: 2,
      message: `${END_AHEAD}; 2 span events with a time ${OUTSIDE} stored at their span's start`,
    });
    const rows = await t.rows<{ d: string; events: string[] }>(
      `SELECT toString(Duration) AS d, arrayMap(e -> toString(toUnixTimestamp64Nano(e)), Events.Timestamp) AS events
       FROM otel_traces WHERE ServiceName = '${service("spans")}' ORDER BY Duration DESC`,
    );
    expect(rows).toEqual([
      { d: "1000", events: [NOW, NOW, NOW + 10n].map(String) },
      { d: "0", events: [] },
    ]);
  });

  it("a data point's start time outside the window or after its time is stored as 0 (unknown), the point kept", async () => {
    const starts = [0n, BEFORE_2000[1] as bigint, NOW + 1_000_000_000n, AHEAD[1] as bigint, NOW - ns(3_600_000)];
    const points = gaugeAt(
      service("starts"),
      starts.map(() => NOW),
      starts,
    );
    expect(await send(transport, "metrics", points)).toEqual({
      rejected: 0,
      message: `3 data points with a start time ${OUTSIDE} or after their time stored with start time 0 (unknown)`,
    });
    const rows = await t.rows<{ start: string }>(
      `SELECT toString(toUnixTimestamp64Nano(StartTimeUnix)) AS start FROM otel_metrics_gauge
       WHERE ServiceName = '${service("starts")}' ORDER BY Attributes['i']`,
    );
    expect(rows.map((r) => r.start)).toEqual(["0", "0", "0", "0", String(starts[4])]);
  });
});

describe("fault: hostile OTLP — absurd exemplar times over http/json", () => {
  it("exemplars outside the window are dropped, their point and the others stored", async () => {
    const exemplar = (time: bigint) => ({ timeUnixNano: String(time), asDouble: 1, traceId: "", spanId: "" });
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "exemplar-times" } }] },
          scopeMetrics: [
            {
              scope: { name: "tracelight-test" },
              metrics: [
                {
                  name: "times.exemplars",
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: String(NOW),
                        asDouble: 1,
                        exemplars: [exemplar(0n), exemplar(NOW), exemplar(AHEAD[0] as bigint)],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${t.otlpHttp}/v1/metrics`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: { errorMessage: `2 exemplars with a time ${OUTSIDE} dropped (their data points stored)` },
    });
    const rows = await t.rows<{ times: string[] }>(
      `SELECT arrayMap(e -> toString(toUnixTimestamp64Nano(e)), Exemplars.TimeUnix) AS times
       FROM otel_metrics_gauge WHERE ServiceName = 'exemplar-times'`,
    );
    expect(rows).toEqual([{ times: [String(NOW)] }]);
  });
});
