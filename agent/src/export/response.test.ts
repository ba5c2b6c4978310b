// The answers parsed here are made by the api's own response encoders, so the agent reads
// exactly what the Tracelight api sends (plus the generic cases of other receivers).
import { exportResponseJson, exportResponseProto, GrpcCode, statusJson, statusProto } from "@tracelight/otlp-encode";
import { describe, expect, it } from "vitest";
import { readErrorMessage, readPartialSuccess } from "./response.ts";

const PROTOBUF = "application/x-protobuf";
const JSON_TYPE = "application/json; charset=utf-8";
const bytes = (text: string) => new TextEncoder().encode(text);

describe("readPartialSuccess", () => {
  it("reads the api's protobuf and JSON partial successes", () => {
    const result = { accepted: 8, rejected: 2, errors: ["span 3: trace_id must be 16 bytes", "another"] };
    const message = "span 3: trace_id must be 16 bytes; another";
    expect(readPartialSuccess(exportResponseProto(result), PROTOBUF)).toEqual({ rejected: 2, message });
    expect(
      readPartialSuccess(bytes(exportResponseJson(result, { rejectedField: "rejectedDataPoints" })), JSON_TYPE),
    ).toEqual({ rejected: 2, message });
  });

  it("reads a warning that rejects nothing", () => {
    const result = { accepted: 1, rejected: 0, errors: ["1 string(s) with invalid UTF-8 were stored with U+FFFD"] };
    expect(readPartialSuccess(exportResponseProto(result), PROTOBUF)).toEqual({
      rejected: 0,
      message: result.errors[0],
    });
  });

  it("sees a full success in an empty body, an empty message or {}", () => {
    const full = { accepted: 3, rejected: 0, errors: [] };
    expect(readPartialSuccess(exportResponseProto(full), PROTOBUF)).toBeUndefined();
    expect(
      readPartialSuccess(bytes(exportResponseJson(full, { rejectedField: "rejectedSpans" })), JSON_TYPE),
    ).toBeUndefined();
    expect(readPartialSuccess(bytes("{}"), JSON_TYPE)).toBeUndefined();
    expect(readPartialSuccess(new Uint8Array(), PROTOBUF)).toBeUndefined();
  });

  it("ignores bodies it cannot read", () => {
    expect(readPartialSuccess(bytes("not json"), JSON_TYPE)).toBeUndefined();
    expect(readPartialSuccess(new Uint8Array([0x0a, 0x05, 0x08]), PROTOBUF)).toBeUndefined();
  });
});

describe("readErrorMessage", () => {
  it("reads google.rpc.Status in protobuf and JSON, as the api answers errors", () => {
    const message = "bad protobuf: truncated varint at offset 3";
    expect(readErrorMessage(statusProto(GrpcCode.INVALID_ARGUMENT, message), PROTOBUF)).toBe(message);
    expect(readErrorMessage(bytes(statusJson(GrpcCode.INVALID_ARGUMENT, message)), JSON_TYPE)).toBe(message);
  });

  it("falls back to the body as text, clipped", () => {
    expect(readErrorMessage(bytes("  upstream went away\n"), "text/plain")).toBe("upstream went away");
    expect(readErrorMessage(bytes("x".repeat(2000)), "text/html")).toHaveLength(501);
    expect(readErrorMessage(new Uint8Array(), PROTOBUF)).toBe("");
  });
});
