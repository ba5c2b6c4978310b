// OTLP/gRPC end to end over real chDB: the OpenTelemetry JS SDK's gRPC exporters (plain and
// gzip) send all three signals; rows are read back with SQL. Raw calls check the error codes.
import * as grpc from "@grpc/grpc-js";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportLogs, exportMetrics, exportSpans } from "./helpers/exporters.ts";
import { rawExport } from "./helpers/grpc-client.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeLogs, makeMetrics, makeSpans } from "./helpers/telemetry.ts";

const MAX_BODY = 1024 * 1024;
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ TRACELIGHT_MAX_BODY_BYTES: String(MAX_BODY) });
});
afterAll(async () => {
  await t?.close();
});

describe.each([{ gzip: false }, { gzip: true }])("SDK gRPC exporters (gzip: $gzip)", ({ gzip }) => {
  const service = `grpc-${gzip ? "gz" : "plain"}`;
  const client = () => ({ httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc, gzip });

  it("stores every span", async () => {
    const spans = makeSpans(service, 20);
    const outcome = await exportSpans("grpc", spans, client());
    expect(outcome.error).toBeUndefined();
    const rows = await t.rows<{ SpanId: string; TraceId: string; SpanName: string }>(
      `SELECT SpanId, TraceId, SpanName FROM otel_traces WHERE ServiceName = '${service}'`,
    );
    const sent = spans.map((s) => ({
      SpanId: s.spanContext().spanId,
      TraceId: s.spanContext().traceId,
      SpanName: s.name,
    }));
    const key = (r: { SpanId: string }) => r.SpanId;
    expect(rows.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      sent.sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it("stores every log record", async () => {
    const outcome = await exportLogs("grpc", makeLogs(service, 15), client());
    expect(outcome.error).toBeUndefined();
    expect(await t.count("otel_logs", `ServiceName = '${service}'`)).toBe(15);
  });

  it("stores every metric data point", async () => {
    const { metrics } = await makeMetrics(service);
    const outcome = await exportMetrics("grpc", metrics, client());
    expect(outcome.error).toBeUndefined();
    const where = `ServiceName = '${service}'`;
    expect(await t.count("otel_metrics_sum", where)).toBe(3);
    expect(await t.count("otel_metrics_histogram", where)).toBe(2);
    expect(await t.count("otel_metrics_gauge", where)).toBe(1);
  });
});

describe("fault: hostile OTLP — gRPC: raw calls", () => {
  it("garbage protobuf → INVALID_ARGUMENT with the decoder's message; the server keeps serving", async () => {
    const { error } = await rawExport(t.otlpGrpc, "traces", Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details.length).toBeGreaterThan(10);
    const ok = await exportSpans("grpc", makeSpans("after-garbage", 1), { httpBase: "", grpcAddress: t.otlpGrpc });
    expect(ok.code).toBe(0);
  });

  it("a message over the limit → RESOURCE_EXHAUSTED", async () => {
    const { error } = await rawExport(t.otlpGrpc, "logs", new Uint8Array(MAX_BODY + 10));
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it("invalid IDs → OK with partial success (rejected count and reason)", async () => {
    const spans = makeSpans("grpc-partial", 2);
    const first = spans[0] as ReadableSpan;
    const context = { ...first.spanContext(), spanId: "0".repeat(16) };
    const bad = Object.assign(Object.create(Object.getPrototypeOf(first)), first, { spanContext: () => context });
    const body = ProtobufTraceSerializer.serializeRequest([bad, ...spans.slice(1)]) as Uint8Array;
    const { response, error } = await rawExport(t.otlpGrpc, "traces", body);
    expect(error).toBeUndefined();
    const partial = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(response as Buffer)).partialSuccess;
    expect(partial?.rejectedSpans).toBe(1);
    expect(partial?.errorMessage).toMatch(/span_?id/i);
    expect(await t.count("otel_traces", "ServiceName = 'grpc-partial'")).toBe(spans.length - 1);
  });

  it("an empty request → OK with an empty response", async () => {
    const { response, error } = await rawExport(t.otlpGrpc, "metrics", new Uint8Array(0));
    expect(error).toBeUndefined();
    expect(response?.length).toBe(0);
  });
});
