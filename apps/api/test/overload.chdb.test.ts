// Overload and store failure against the running service over real chDB. The store is made
// slow (or failing) by wrapping the real TelemetryWriter — the wrapper only controls timing
// and failure; every row still goes through the real writer into chDB.
import * as grpc from "@grpc/grpc-js";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockWriter } from "../src/ingest/signals.ts";
import { rawExport } from "./helpers/grpc-client.ts";
import { readFields, readStatus } from "./helpers/proto.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

const MAX_ROWS = 2_000;
const control = { delayMs: 0, failNext: false };
let t: TestService;
let peakRows = 0;
let sampler: NodeJS.Timeout;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function controlledWriter(real: BlockWriter): BlockWriter {
  return {
    insertEncoded: async (blocks) => {
      if (control.delayMs > 0) await sleep(control.delayMs);
      if (control.failNext) {
        control.failNext = false;
        throw new Error("simulated store failure");
      }
      await real.insertEncoded(blocks);
    },
  };
}

beforeAll(async () => {
  t = await startTestService(
    {
      TRACELIGHT_INGEST_MAX_QUEUED_ROWS: String(MAX_ROWS),
      TRACELIGHT_INGEST_MAX_BATCH_ROWS: "1000",
      TRACELIGHT_RETRY_AFTER_SECONDS: "2",
    },
    { writer: (transport) => controlledWriter(new TelemetryWriter(transport)) },
  );
  sampler = setInterval(() => {
    peakRows = Math.max(peakRows, t.service.pipeline?.budget.rows ?? 0);
  }, 1);
});
afterAll(async () => {
  clearInterval(sampler);
  await t?.close();
});

/** A protobuf trace request with 2*n spans, and the span IDs in it. */
function request(service: string, n: number) {
  const spans = makeSpans(service, n);
  return {
    body: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
    ids: spans.map((s) => s.spanContext().spanId),
  };
}

describe("overload", () => {
  it("HTTP: a slow store and many concurrent requests → some 503 + Retry-After, every 200 stored, memory bounded", async () => {
    control.delayMs = 300;
    peakRows = 0;
    const requests = Array.from({ length: 40 }, (_, i) => request(`load-${i}`, 200)); // 400 spans each
    const responses = await Promise.all(
      requests.map(async (r) => {
        const response = await fetch(`${t.otlpHttp}/v1/traces`, {
          method: "POST",
          body: r.body,
          headers: { "content-type": "application/x-protobuf" },
        });
        return { response, bytes: new Uint8Array(await response.arrayBuffer()), ids: r.ids };
      }),
    );
    control.delayMs = 0;
    const ok = responses.filter((r) => r.response.status === 200);
    const refused = responses.filter((r) => r.response.status === 503);
    expect(ok.length + refused.length).toBe(40);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.response.headers.get("retry-after")).toBe("2");
      const status = readStatus(r.bytes);
      expect(status.code).toBe(14);
      expect(status.message).toMatch(/ingest queue full/);
    }
    // Memory: never more rows held than the limit (one request may go beyond only when alone).
    expect(peakRows).toBeGreaterThan(0);
    expect(peakRows).toBeLessThanOrEqual(MAX_ROWS);
    // Every acknowledged span is stored; no refused one is.
    const acked = ok.flatMap((r) => r.ids);
    const stored = await t.rows<{ SpanId: string }>(
      "SELECT SpanId FROM otel_traces WHERE startsWith(ServiceName, 'load-')",
    );
    expect(new Set(stored.map((s) => s.SpanId))).toEqual(new Set(acked));
    expect(stored).toHaveLength(acked.length);
  });

  it("gRPC: UNAVAILABLE with RetryInfo when the queue is full", async () => {
    control.delayMs = 300;
    const requests = Array.from({ length: 30 }, (_, i) => request(`gload-${i}`, 200));
    const results = await Promise.all(
      requests.map((r) => rawExport(t.otlpGrpc, "traces", r.body).then((x) => ({ ...x, ids: r.ids }))),
    );
    control.delayMs = 0;
    const refused = results.filter((r) => r.error);
    const ok = results.filter((r) => !r.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.error?.code).toBe(grpc.status.UNAVAILABLE);
      expect(r.error?.details).toMatch(/ingest queue full/);
      const details = r.error?.metadata.get("grpc-status-details-bin")[0] as Buffer;
      const anyDetail = readStatus(details).details[0] as Uint8Array;
      const typeUrl = readFields(anyDetail).get(1)?.[0]?.value as Uint8Array;
      expect(new TextDecoder().decode(typeUrl)).toBe("type.googleapis.com/google.rpc.RetryInfo");
    }
    const stored = await t.rows<{ SpanId: string }>(
      "SELECT SpanId FROM otel_traces WHERE startsWith(ServiceName, 'gload-')",
    );
    expect(new Set(stored.map((s) => s.SpanId))).toEqual(new Set(ok.flatMap((r) => r.ids)));
  });
});

describe("store failure", () => {
  it("fails exactly the batch's requests with a retryable 503, then the service keeps storing", async () => {
    const before = request("fail-before", 5);
    expect((await post(before.body)).status).toBe(200);

    control.failNext = true;
    const failed = request("fail-during", 5);
    const response = await post(failed.body);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(readStatus(new Uint8Array(await response.arrayBuffer())).message).toMatch(
      /storing traces failed: simulated store failure/,
    );

    const after = request("fail-after", 5);
    expect((await post(after.body)).status).toBe(200);
    expect(await t.count("otel_traces", "ServiceName = 'fail-before'")).toBe(10);
    expect(await t.count("otel_traces", "ServiceName = 'fail-during'")).toBe(0);
    expect(await t.count("otel_traces", "ServiceName = 'fail-after'")).toBe(10);
    expect(t.service.pipeline?.budget.rows).toBe(0);
  });
});

function post(body: Uint8Array) {
  return fetch(`${t.otlpHttp}/v1/traces`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-protobuf" },
  });
}
