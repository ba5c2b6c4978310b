// The hand-encoded OTLP responses, read back with the OpenTelemetry JS SDK's own response
// deserializers (what the exporters run) and an independent wire reader.
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import {
  exportResponseJson,
  exportResponseProto,
  retryInfoAny,
  statusJson,
  statusProto,
} from "@tracelight/otlp-encode";
import { describe, expect, it } from "vitest";
import { readFields, readStatus } from "./helpers/proto.ts";

const ok = { accepted: 5, rejected: 0, errors: [] };
const partial = { accepted: 3, rejected: 2, errors: ["invalid trace id", "invalid span id"] };

describe("export responses", () => {
  it("full success is the empty message", () => {
    expect(exportResponseProto(ok)).toHaveLength(0);
    expect(exportResponseJson(ok, { rejectedField: "rejectedSpans" })).toBe("{}");
  });

  it("partial success reads back through the SDK's deserializers for all three signals", () => {
    const bytes = exportResponseProto(partial);
    expect(ProtobufTraceSerializer.deserializeResponse(bytes).partialSuccess).toEqual({
      rejectedSpans: 2,
      errorMessage: "invalid trace id; invalid span id",
    });
    expect(ProtobufLogsSerializer.deserializeResponse(bytes).partialSuccess).toMatchObject({ rejectedLogRecords: 2 });
    expect(ProtobufMetricsSerializer.deserializeResponse(bytes).partialSuccess).toMatchObject({
      rejectedDataPoints: 2,
    });
  });

  it("partial success in JSON uses the signal's field name and int64 as string", () => {
    expect(JSON.parse(exportResponseJson(partial, { rejectedField: "rejectedLogRecords" }))).toEqual({
      partialSuccess: { rejectedLogRecords: "2", errorMessage: "invalid trace id; invalid span id" },
    });
  });

  it("a warning with nothing rejected still carries the message", () => {
    const warned = { accepted: 1, rejected: 0, errors: ["1 string(s) with invalid UTF-8 ..."] };
    expect(ProtobufTraceSerializer.deserializeResponse(exportResponseProto(warned)).partialSuccess).toEqual({
      errorMessage: "1 string(s) with invalid UTF-8 ...",
    });
    expect(JSON.parse(exportResponseJson(warned, { rejectedField: "rejectedSpans" }))).toEqual({
      partialSuccess: { errorMessage: "1 string(s) with invalid UTF-8 ..." },
    });
  });
});

describe("google.rpc.Status", () => {
  it("encodes code, message and details", () => {
    const status = readStatus(statusProto(3, "bad protobuf: truncated", [retryInfoAny(2)]));
    expect(status.code).toBe(3);
    expect(status.message).toBe("bad protobuf: truncated");
    const any = readFields(status.details[0] as Uint8Array);
    const typeUrl = any.get(1)?.[0];
    expect(typeUrl?.wire === 2 && new TextDecoder().decode(typeUrl.value)).toBe(
      "type.googleapis.com/google.rpc.RetryInfo",
    );
    const retryInfo = any.get(2)?.[0];
    const duration =
      retryInfo?.wire === 2 ? readFields(readFields(retryInfo.value).get(1)?.[0]?.value as Uint8Array) : undefined;
    expect(duration?.get(1)?.[0]?.value).toBe(2n);
  });

  it("encodes as JSON", () => {
    expect(JSON.parse(statusJson(14, "queue full"))).toEqual({ code: 14, message: "queue full" });
  });
});
