// Malformed and hostile OTLP/HTTP requests against the running receiver over real chDB. Each
// case checks the status and message, then that the server still serves and that the rows
// accepted before it are all still there.
import { gzipSync } from "node:zlib";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readStatus } from "./helpers/proto.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

const MAX_BODY = 1024 * 1024;
let t: TestService;
let accepted = 0;

const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${t.otlpHttp}${path}`, { method: "POST", body, headers });
const PROTO = { "content-type": "application/x-protobuf" };
const JSON_TYPE = { "content-type": "application/json" };

async function sendGood(service = "baseline", n = 10) {
  const response = await post(
    "/v1/traces",
    ProtobufTraceSerializer.serializeRequest(makeSpans(service, n)) as Uint8Array,
    PROTO,
  );
  expect(response.status).toBe(200);
  accepted += n * 2; // makeSpans makes a parent and a child per iteration
}

async function statusOf(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return response.headers.get("content-type")?.startsWith("application/x-protobuf")
    ? readStatus(bytes)
    : (JSON.parse(new TextDecoder().decode(bytes)) as { code: number; message: string });
}

/** A span whose trace ID is replaced (the SDK never makes invalid IDs itself). */
function withTraceId(span: ReadableSpan, traceId: string): ReadableSpan {
  const context = { ...span.spanContext(), traceId };
  return Object.assign(Object.create(Object.getPrototypeOf(span)), span, { spanContext: () => context });
}

beforeAll(async () => {
  t = await startTestService({ TRACELIGHT_MAX_BODY_BYTES: String(MAX_BODY) });
  await sendGood();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  // Still serving, nothing accepted lost, and it still takes new data.
  expect((await fetch(`${t.otlpHttp}/healthz`)).status).toBe(200);
  await sendGood();
  expect(await t.count("otel_traces", "ServiceName = 'baseline'")).toBe(accepted);
});

describe("fault: hostile OTLP — HTTP: bodies that cannot be decoded → 400 naming the problem", () => {
  it("garbage protobuf (google.rpc.Status in protobuf)", async () => {
    const response = await post("/v1/traces", Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]), PROTO);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const status = await statusOf(response);
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    expect(status.message.length).toBeGreaterThan(10);
  });

  it("bad JSON (google.rpc.Status in JSON)", async () => {
    const response = await post("/v1/logs", '{"resourceLogs": [', JSON_TYPE);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    const status = await statusOf(response);
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/json/i);
  });

  it("corrupt gzip", async () => {
    const response = await post("/v1/metrics", "definitely not gzip", { ...PROTO, "content-encoding": "gzip" });
    expect(response.status).toBe(400);
    expect((await statusOf(response)).message).toMatch(/^invalid gzip body/);
  });
});

describe("fault: hostile OTLP — HTTP: media type and encoding → 415 naming the type", () => {
  it("wrong Content-Type", async () => {
    const response = await post("/v1/traces", "hello", { "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await statusOf(response)).message).toContain('Content-Type "text/plain"');
  });

  it("missing Content-Type", async () => {
    const response = await fetch(`${t.otlpHttp}/v1/traces`, { method: "POST", body: new Uint8Array([1, 2]) });
    expect(response.status).toBe(415);
    expect((await statusOf(response)).message).toContain("missing Content-Type");
  });

  it("unsupported Content-Encoding", async () => {
    const response = await post("/v1/traces", "x", { ...PROTO, "content-encoding": "br" });
    expect(response.status).toBe(415);
    expect((await statusOf(response)).message).toContain('Content-Encoding "br"');
  });
});

describe("fault: hostile OTLP — HTTP: size limits → 413", () => {
  it("a body over TRACELIGHT_MAX_BODY_BYTES", async () => {
    const response = await post("/v1/traces", new Uint8Array(MAX_BODY + 1), PROTO);
    expect(response.status).toBe(413);
    expect((await statusOf(response)).message).toMatch(/request body too large.*1048576 bytes/);
  });

  it("an oversize chunked body without Content-Length", async () => {
    const chunk = new Uint8Array(256 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${t.otlpHttp}/v1/traces`, {
      method: "POST",
      body: stream,
      headers: PROTO,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await statusOf(response)).message).toMatch(/request body too large/);
  });

  it("a gzip bomb (small compressed, huge decompressed)", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const response = await post("/v1/traces", bomb, { ...PROTO, "content-encoding": "gzip" });
    expect(response.status).toBe(413);
    expect((await statusOf(response)).message).toMatch(/decompresses to more than 1048576 bytes/);
  });
});

describe("fault: hostile OTLP — HTTP: invalid items → 200 with partial success; the valid rest is stored", () => {
  it("protobuf: a span with an all-zero trace ID", async () => {
    const spans = makeSpans("partial-proto", 3);
    const bad = withTraceId(spans[0] as ReadableSpan, "0".repeat(32));
    const body = ProtobufTraceSerializer.serializeRequest([bad, ...spans.slice(1)]) as Uint8Array;
    const response = await post("/v1/traces", body, PROTO);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const partial = ProtobufTraceSerializer.deserializeResponse(
      new Uint8Array(await response.arrayBuffer()),
    ).partialSuccess;
    expect(partial?.rejectedSpans).toBe(1);
    expect(partial?.errorMessage).toMatch(/trace_?id/i);
    expect(await t.count("otel_traces", "ServiceName = 'partial-proto'")).toBe(spans.length - 1);
  });

  it("JSON: a span whose trace ID is not hex", async () => {
    const spans = makeSpans("partial-json", 2);
    const bad = withTraceId(spans[0] as ReadableSpan, "z".repeat(32));
    const request = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans) as Uint8Array));
    request.resourceSpans[0].scopeSpans[0].spans[0].traceId = bad.spanContext().traceId;
    const response = await post("/v1/traces", JSON.stringify(request), JSON_TYPE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toMatch(/trace_?id/i);
    expect(await t.count("otel_traces", "ServiceName = 'partial-json'")).toBe(spans.length - 1);
  });

  it("all items invalid: 400 naming the problem, nothing stored, server still serves", async () => {
    const spans = makeSpans("all-bad", 1).map((s) => withTraceId(s, "0".repeat(32)));
    const response = await post("/v1/traces", ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, PROTO);
    expect(response.status).toBe(400);
    expect(Buffer.from(await response.arrayBuffer()).toString("latin1")).toMatch(/trace_id/);
    expect(await t.count("otel_traces", "ServiceName = 'all-bad'")).toBe(0);
    const good = makeSpans("after-all-bad", 1);
    expect((await post("/v1/traces", ProtobufTraceSerializer.serializeRequest(good) as Uint8Array, PROTO)).status).toBe(
      200,
    );
  });
});

describe("fault: hostile OTLP — HTTP: invalid UTF-8", () => {
  it("protobuf: a span name with invalid UTF-8 is stored with U+FFFD and reported", async () => {
    const spans = makeSpans("utf8-proto", 1).filter((s) => s.name === "db.query");
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
    const at = body.indexOf("db.query");
    body[at + 2] = 0xff; // "db\xffquery"
    const response = await post("/v1/traces", body, PROTO);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const partial = ProtobufTraceSerializer.deserializeResponse(
      new Uint8Array(await response.arrayBuffer()),
    ).partialSuccess;
    expect(partial?.errorMessage).toMatch(/UTF-8/);
    const rows = await t.rows<{ SpanName: string }>(
      "SELECT SpanName FROM otel_traces WHERE ServiceName = 'utf8-proto'",
    );
    expect(rows).toEqual([{ SpanName: "db\uFFFDquery" }]);
  });

  it("JSON: a span name with invalid UTF-8 is stored with U+FFFD and reported", async () => {
    const spans = makeSpans("utf8-json", 1).filter((s) => s.name === "db.query");
    const json = Buffer.from(JsonTraceSerializer.serializeRequest(spans) as Uint8Array);
    json[json.indexOf("db.query") + 2] = 0xc3; // a UTF-8 lead byte followed by "q": invalid
    const response = await post("/v1/traces", json, JSON_TYPE);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { errorMessage: string } };
    expect(body.partialSuccess.errorMessage).toMatch(/invalid UTF-8/);
    const rows = await t.rows<{ SpanName: string }>("SELECT SpanName FROM otel_traces WHERE ServiceName = 'utf8-json'");
    expect(rows).toEqual([{ SpanName: "db\uFFFDquery" }]);
  });
});

describe("fault: hostile OTLP — HTTP: routing", () => {
  it("unknown path → 404 naming the OTLP paths", async () => {
    const response = await post("/v1/profiles", "x", PROTO);
    expect(response.status).toBe(404);
    expect((await statusOf(response)).message).toContain("/v1/traces");
  });

  it("an empty protobuf request is a valid empty export", async () => {
    const response = await post("/v1/traces", new Uint8Array(0), PROTO);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });
});
