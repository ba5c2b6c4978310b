// OTLP/gRPC end to end over real chDB: the OpenTelemetry JS SDK's gRPC exporters (plain and
// gzip) send all three signals; rows are read back with SQL. Raw calls check the error codes.
import { once } from "node:events";
import http2 from "node:http2";
import { createGzip } from "node:zlib";
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

/** gzip of `bytes` zero bytes, fed a MiB at a time so the test never holds them inflated. */
async function gzipOfZeros(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => parts.push(chunk));
  const ended = once(gzip, "end");
  const mib = Buffer.alloc(1024 * 1024);
  for (let sent = 0; sent < bytes; sent += mib.length) if (!gzip.write(mib)) await once(gzip, "drain");
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

/** One gRPC call over HTTP/2 with a gzip-compressed message as given; its grpc-status and -message. */
function gzipCall(path: string, compressed: Buffer): Promise<{ status?: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${t.service.ports.otlpGrpc}`);
    session.on("error", reject);
    const prefix = Buffer.alloc(5);
    prefix.writeUInt8(1, 0); // compressed
    prefix.writeUInt32BE(compressed.length, 1);
    const call = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      "grpc-encoding": "gzip",
      te: "trailers",
    });
    const answer: { status?: string; message?: string } = {};
    const read = (headers: http2.IncomingHttpHeaders) => {
      if (headers["grpc-status"] !== undefined) answer.status = String(headers["grpc-status"]);
      if (headers["grpc-message"] !== undefined) answer.message = decodeURIComponent(String(headers["grpc-message"]));
    };
    call.on("response", read);
    call.on("trailers", read);
    call.on("data", () => {});
    call.on("close", () => {
      session.close();
      resolve(answer);
    });
    call.end(Buffer.concat([prefix, compressed]));
  });
}

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

  it("a gzip message inflating past the limit → RESOURCE_EXHAUSTED, never inflated whole", async () => {
    const bomb = await gzipOfZeros(256 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 2);
    const answer = await gzipCall("/opentelemetry.proto.collector.logs.v1.LogsService/Export", bomb);
    clearInterval(sampler);
    expect(answer.status).toBe(String(grpc.status.RESOURCE_EXHAUSTED));
    expect(answer.message).toContain(`decompresses to a size larger than ${MAX_BODY}`);
    // grpc-js stops inflating at the limit: a few MiB at most, where inflating it whole took 256.
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
    const ok = await exportSpans("grpc", makeSpans("after-bomb", 1), { httpBase: "", grpcAddress: t.otlpGrpc });
    expect(ok.code).toBe(0);
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
