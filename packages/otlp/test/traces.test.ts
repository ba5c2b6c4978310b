// Spans made by the OpenTelemetry JS SDK, serialized by @opentelemetry/otlp-transformer, decoded
// from both encodings and compared field by field with what the SDK recorded.
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeTraces, type OtlpEncoding, type SpanRow } from "../src/index.ts";
import { makeSpans, nanos } from "./sdk.ts";

const KIND_NAMES = ["Internal", "Server", "Client", "Producer", "Consumer"]; // api SpanKind order
const STATUS_NAMES = ["Unset", "Ok", "Error"];

let spans: ReadableSpan[];
beforeAll(async () => {
  spans = await makeSpans();
});

function encode(encoding: OtlpEncoding): Uint8Array {
  const body =
    encoding === "protobuf"
      ? ProtobufTraceSerializer.serializeRequest(spans)
      : JsonTraceSerializer.serializeRequest(spans);
  if (body === undefined) throw new Error("serializer returned nothing");
  return body;
}

describe.each(["protobuf", "json"] as const)("decodeTraces (%s, JS SDK fixtures)", (encoding) => {
  let rows: SpanRow[];
  beforeAll(() => {
    const decoded = decodeTraces(encode(encoding), encoding);
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    rows = decoded.rows;
  });

  it("returns one row per span", () => {
    expect(rows).toHaveLength(spans.length);
  });

  it("maps every span field as the ClickHouse exporter does", () => {
    for (const span of spans) {
      const row = rows.find((r) => r.SpanId === span.spanContext().spanId);
      expect(row, span.name).toBeDefined();
      if (row === undefined) continue;
      expect(row.TraceId).toBe(span.spanContext().traceId);
      expect(row.TraceId).toMatch(/^[0-9a-f]{32}$/);
      expect(row.ParentSpanId).toBe(span.parentSpanContext?.spanId ?? "");
      expect(row.TraceState).toBe("");
      expect(row.SpanName).toBe(span.name);
      expect(row.SpanKind).toBe(KIND_NAMES[span.kind]);
      expect(row.ServiceName).toBe("checkout");
      expect(row.ResourceAttributes).toEqual({
        "service.name": "checkout",
        "service.instance.id": "i-1",
        "host.cpu.count": "4",
        "deployment.canary": "false",
      });
      expect(row.ScopeName).toBe(span.instrumentationScope.name);
      expect(row.ScopeVersion).toBe(span.instrumentationScope.version ?? "");
      expect(row.Timestamp).toBe(nanos(span.startTime));
      expect(row.Duration).toBe(nanos(span.endTime) - nanos(span.startTime));
      expect(row.StatusCode).toBe(STATUS_NAMES[span.status.code]);
      expect(row.StatusMessage).toBe(span.status.message ?? "");
      expect(row.Events.map((e) => [e.Name, e.Timestamp])).toEqual(span.events.map((e) => [e.name, nanos(e.time)]));
      expect(row.Links.map((l) => [l.TraceId, l.SpanId])).toEqual(
        span.links.map((l) => [l.context.traceId, l.context.spanId]),
      );
    }
  });

  it("flattens attributes of every type to strings", () => {
    const root = rows.find((r) => r.SpanName === "GET /cart");
    expect(root?.SpanAttributes).toEqual({
      "http.route": "/cart",
      "http.status_code": "200",
      ratio: "0.25",
      big: "1099511627776",
      negative: "-7",
      cached: "true",
      tags: '["a","b\\"c"]',
      codes: "[1,2,3]",
      weights: "[0.5,1.5]",
      flags: "[true,false]",
      unicode: "héllo wörld ✓",
    });
    expect(root?.SpanKind).toBe("Server");
    expect(root?.StatusCode).toBe("Error");
    expect(root?.StatusMessage).toBe("payment declined");
    expect(root?.Timestamp).toBe(1_700_000_000_123_456_789n);
    expect(root?.Duration).toBe(400_000_000n);
    expect(root?.Events).toEqual([
      { Timestamp: 1_700_000_000_200_000_000n, Name: "cache.miss", Attributes: { key: "cart:42", attempt: "2" } },
      { Timestamp: 1_700_000_000_300_000_000n, Name: "plain", Attributes: {} },
    ]);
  });

  it("keeps links with their attributes", () => {
    const child = rows.find((r) => r.SpanName === "SELECT cart");
    expect(child?.Links).toEqual([
      {
        TraceId: "0af7651916cd43dd8448eb211c80319c",
        SpanId: "b7ad6b7169203331",
        TraceState: "",
        Attributes: { "link.reason": "retry", n: "1" },
      },
    ]);
    expect(child?.ScopeName).toBe("db-lib");
    expect(child?.ScopeVersion).toBe("");
    expect(child?.StatusCode).toBe("Ok");
    expect(child?.SpanKind).toBe("Client");
  });

  it("names every span kind", () => {
    expect(new Set(rows.map((r) => r.SpanKind))).toEqual(
      new Set(["Server", "Client", "Internal", "Producer", "Consumer"]),
    );
  });
});
