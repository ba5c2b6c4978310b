// One client's oversize value cannot cost other clients their rows: a span with a 15 MiB
// attribute is stored with the value cut at MAX_VALUE_BYTES and a partial-success warning, and
// the 1,000-span batches other clients send right after it are all stored (they were refused
// with 400 when each block was sized from the previous one's bytes per row).
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { MAX_VALUE_BYTES } from "@tracelight/store";
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

const post = (body: Uint8Array, type: string) =>
  fetch(`${t.otlpHttp}/v1/traces`, { method: "POST", body, headers: { "content-type": type } });

describe("fault: hostile OTLP — huge attributes", () => {
  it("a 15 MiB value is stored cut with a warning, and other clients' 1,000-span batches after it are all stored", async () => {
    const huge = makeSpans("huge-value", 1).slice(0, 1);
    (huge[0] as ReadableSpan & { attributes: Record<string, string> }).attributes.payload = "x".repeat(
      15 * 1024 * 1024,
    );
    const first = await post(JsonTraceSerializer.serializeRequest(huge) as Uint8Array, "application/json");
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { partialSuccess?: { errorMessage?: string } };
    expect(answer.partialSuccess?.errorMessage).toContain(`1 values longer than ${MAX_VALUE_BYTES} bytes`);

    const batches = Array.from({ length: 4 }, (_, i) => makeSpans(`after-huge-${i}`, 500)); // 1,000 spans each
    const results = await Promise.all(
      batches.map(async (spans, i) => {
        const body = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
        if (i % 2 === 1) return (await rawExport(t.otlpGrpc, "traces", body)).error?.code ?? 0;
        return (await post(body, "application/x-protobuf")).status;
      }),
    );
    expect(results).toEqual([200, 0, 200, 0]);
    expect(await t.count("otel_traces", "startsWith(ServiceName, 'after-huge-')")).toBe(4_000);
    const stored = await t.rows<{ n: number | string }>(
      "SELECT length(SpanAttributes['payload']) AS n FROM otel_traces WHERE ServiceName = 'huge-value'",
    );
    expect(Number(stored[0]?.n)).toBe(MAX_VALUE_BYTES);
  });
});
