// What an outside check of the OTLP/HTTP receiver compares, over real chDB: int64 numbers in
// OTLP/JSON keep every digit into the tables, responses carry exactly the request's content
// type, and items older than the retention get a partial success instead of a silent loss.
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

const TRACE = "5b8efff798038103d269b633813fc60c";
const DAY_NS = 86_400_000_000_000n;
/** 2^53 + 1: the first integer a double cannot hold. */
const UNSAFE = 9_007_199_254_740_993n;

let t: TestService;
// Retention as configured for the whole file: traces and logs 7 days, metrics 30.
beforeAll(async () => {
  t = await startTestService({
    TRACELIGHT_TTL_TRACES_DAYS: "7",
    TRACELIGHT_TTL_LOGS_DAYS: "7",
    TRACELIGHT_TTL_METRICS_DAYS: "30",
  });
});
afterAll(async () => {
  await t?.close();
});

/** Now in unix ns, with sub-millisecond digits a double could not keep. */
const nowNs = () => BigInt(Date.now()) * 1_000_000n + 123_457n;

const postJson = (signal: string, body: string) =>
  fetch(`${t.otlpHttp}/v1/${signal}`, { method: "POST", body, headers: { "content-type": "application/json" } });

function spansJson(service: string, starts: bigint[]): string {
  const spans = starts.map(
    (start, i) =>
      `{"traceId":"${TRACE}","spanId":"${(i + 1).toString(16).padStart(16, "0")}","name":"op ${i}",
        "startTimeUnixNano":${start},"endTimeUnixNano":${start + 1000n}}`,
  );
  return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},
    "scopeSpans":[{"spans":[${spans.join(",")}]}]}]}`;
}

describe("int64 sent as JSON numbers keep every digit into the tables", () => {
  it("a span's time and an intValue attribute", async () => {
    const start = nowNs();
    const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"int64-span"}}]},
      "scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"00000000000000aa","name":"op",
        "startTimeUnixNano":${start},"endTimeUnixNano":${start + 7n},
        "attributes":[{"key":"big","value":{"intValue":9223372036854775807}}]}]}]}]}`;
    expect((await postJson("traces", body)).status).toBe(200);
    const rows = await t.rows<{ ts: string; duration: string; big: string }>(
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, toString(Duration) AS duration,
              SpanAttributes['big'] AS big FROM otel_traces WHERE ServiceName = 'int64-span'`,
    );
    expect(rows).toEqual([{ ts: String(start), duration: "7", big: "9223372036854775807" }]);
  });

  it("a log record's time", async () => {
    const time = nowNs();
    const body = `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"int64-log"}}]},
      "scopeLogs":[{"logRecords":[{"timeUnixNano":${time},"body":{"stringValue":"x"}}]}]}]}`;
    expect((await postJson("logs", body)).status).toBe(200);
    const rows = await t.rows<{ ts: string }>(
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts FROM otel_logs WHERE ServiceName = 'int64-log'`,
    );
    expect(rows).toEqual([{ ts: String(time) }]);
  });

  it("a histogram's count, bucket counts and times", async () => {
    const time = nowNs();
    const body = `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"int64-metric"}}]},
      "scopeMetrics":[{"metrics":[{"name":"big.histogram","histogram":{"aggregationTemporality":2,"dataPoints":[
        {"startTimeUnixNano":${time - 1n},"timeUnixNano":${time},"count":${UNSAFE},"sum":1.5,
         "bucketCounts":[${UNSAFE - 1n},1],"explicitBounds":[10]}]}}]}]}]}`;
    expect((await postJson("metrics", body)).status).toBe(200);
    const rows = await t.rows<{ start: string; ts: string; count: string; buckets: string }>(
      `SELECT toString(toUnixTimestamp64Nano(StartTimeUnix)) AS start, toString(toUnixTimestamp64Nano(TimeUnix)) AS ts,
              toString(Count) AS count, toString(BucketCounts) AS buckets
       FROM otel_metrics_histogram WHERE ServiceName = 'int64-metric'`,
    );
    expect(rows).toEqual([
      { start: String(time - 1n), ts: String(time), count: String(UNSAFE), buckets: `[${UNSAFE - 1n},1]` },
    ]);
  });
});

describe("responses carry exactly the request's content type", () => {
  it("OTLP/JSON: application/json on full and on partial success", async () => {
    const full = await postJson("traces", spansJson("ct-json", [nowNs()]));
    expect(full.headers.get("content-type")).toBe("application/json");
    expect(await full.json()).toEqual({});
    const partial = await postJson("traces", spansJson("ct-json", [nowNs(), nowNs() - 8n * DAY_NS]));
    expect(partial.headers.get("content-type")).toBe("application/json");
    expect(await partial.json()).toMatchObject({ partialSuccess: { rejectedSpans: "1" } });
  });

  it("OTLP/protobuf: application/x-protobuf", async () => {
    const response = await fetch(`${t.otlpHttp}/v1/traces`, {
      method: "POST",
      body: ProtobufTraceSerializer.serializeRequest(makeSpans("ct-proto", 1)) as Uint8Array,
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
  });
});

describe("items older than the retention: partial success, not stored; their siblings are", () => {
  interface Partial {
    partialSuccess: Record<string, string>;
  }

  it("spans (traces retention, 7 days)", async () => {
    const response = await postJson("traces", spansJson("old-spans", [nowNs(), nowNs() - 8n * DAY_NS, nowNs()]));
    expect(response.status).toBe(200);
    const { partialSuccess } = (await response.json()) as Partial;
    expect(partialSuccess.rejectedSpans).toBe("1");
    expect(partialSuccess.errorMessage).toBe(
      "1 spans older than the traces retention (7 days, TRACELIGHT_TTL_TRACES_DAYS) not stored: the table's TTL would delete them at once",
    );
    expect(await t.count("otel_traces", "ServiceName = 'old-spans'")).toBe(2);
  });

  it("log records (logs retention, 7 days)", async () => {
    const record = (time: bigint) => `{"timeUnixNano":"${time}","body":{"stringValue":"at ${time}"}}`;
    const body = `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"old-logs"}}]},
      "scopeLogs":[{"logRecords":[${record(nowNs())},${record(nowNs() - 8n * DAY_NS)},${record(nowNs() - 9n * DAY_NS)}]}]}]}`;
    const response = await postJson("logs", body);
    expect(response.status).toBe(200);
    const { partialSuccess } = (await response.json()) as Partial;
    expect(partialSuccess.rejectedLogRecords).toBe("2");
    expect(partialSuccess.errorMessage).toMatch(/^2 log records older than the logs retention \(7 days/);
    expect(await t.count("otel_logs", "ServiceName = 'old-logs'")).toBe(1);
  });

  it("data points (metrics retention, 30 days), whatever their table", async () => {
    const point = (days: bigint) => `{"timeUnixNano":"${nowNs() - days * DAY_NS}","asDouble":1}`;
    const body = `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"old-points"}}]},
      "scopeMetrics":[{"metrics":[
        {"name":"g","gauge":{"dataPoints":[${point(0n)},${point(8n)},${point(31n)}]}},
        {"name":"s","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[${point(40n)}]}}]}]}]}`;
    const response = await postJson("metrics", body);
    expect(response.status).toBe(200);
    const { partialSuccess } = (await response.json()) as Partial;
    expect(partialSuccess.rejectedDataPoints).toBe("2");
    expect(partialSuccess.errorMessage).toMatch(/TRACELIGHT_TTL_METRICS_DAYS/);
    expect(await t.count("otel_metrics_gauge", "ServiceName = 'old-points'")).toBe(2);
    expect(await t.count("otel_metrics_sum", "ServiceName = 'old-points'")).toBe(0);
  });

  it("a request of old items only is still a 200 with every item counted (valid, only too old)", async () => {
    const response = await postJson("traces", spansJson("only-old", [nowNs() - 8n * DAY_NS, nowNs() - 8n * DAY_NS]));
    expect(response.status).toBe(200);
    expect(((await response.json()) as Partial).partialSuccess.rejectedSpans).toBe("2");
    expect(await t.count("otel_traces", "ServiceName = 'only-old'")).toBe(0);
  });
});
