// Ingest keys (TRACELIGHT_INGEST_KEYS) over OTLP/HTTP and OTLP/gRPC against the running
// service over real chDB: no key or a wrong key is refused, a good key stores the data.
import * as grpc from "@grpc/grpc-js";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSpans } from "./helpers/exporters.ts";
import { rawExport } from "./helpers/grpc-client.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

let t: TestService;
const body = () => ProtobufTraceSerializer.serializeRequest(makeSpans("denied", 1)) as Uint8Array;

beforeAll(async () => {
  t = await startTestService({ TRACELIGHT_INGEST_KEYS: "key-one,key-two" });
  // Data accepted before the refusals below, to check none of it goes missing.
  const outcome = await exportSpans("proto", makeSpans("keyed", 5), {
    httpBase: t.otlpHttp,
    grpcAddress: t.otlpGrpc,
    headers: { authorization: "Bearer key-one" },
  });
  expect(outcome.code).toBe(0);
});
afterAll(async () => {
  await t?.close();
});

describe("OTLP/HTTP", () => {
  it("no key → 401 saying how to send one", async () => {
    const response = await fetch(`${t.otlpHttp}/v1/traces`, {
      method: "POST",
      body: body(),
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const text = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(text).toContain("missing ingest key");
  });

  it("wrong key → 401 invalid ingest key (JSON status for JSON requests)", async () => {
    const response = await fetch(`${t.otlpHttp}/v1/traces`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", "x-tracelight-key": "nope" },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 16, message: "invalid ingest key" });
  });

  it("x-tracelight-key works, the SDK exporter with a Bearer key works", async () => {
    const response = await fetch(`${t.otlpHttp}/v1/traces`, {
      method: "POST",
      body: ProtobufTraceSerializer.serializeRequest(makeSpans("keyed-header", 2)) as Uint8Array,
      headers: { "content-type": "application/x-protobuf", "x-tracelight-key": "key-two" },
    });
    expect(response.status).toBe(200);
    expect(await t.count("otel_traces", "ServiceName = 'keyed-header'")).toBe(4);
  });

  it("health endpoints need no key", async () => {
    expect((await fetch(`${t.otlpHttp}/healthz`)).status).toBe(200);
  });
});

describe("OTLP/gRPC", () => {
  it("no key → UNAUTHENTICATED", async () => {
    const { error } = await rawExport(t.otlpGrpc, "traces", body());
    expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error?.details).toContain("missing ingest key");
  });

  it("wrong key → UNAUTHENTICATED", async () => {
    const { error } = await rawExport(t.otlpGrpc, "traces", body(), { authorization: "Bearer nope" });
    expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error?.details).toBe("invalid ingest key");
  });

  it("the SDK gRPC exporter with a key in metadata stores its spans", async () => {
    const outcome = await exportSpans("grpc", makeSpans("keyed-grpc", 3), {
      httpBase: "",
      grpcAddress: t.otlpGrpc,
      headers: { "x-tracelight-key": "key-two" },
    });
    expect(outcome.code).toBe(0);
    expect(await t.count("otel_traces", "ServiceName = 'keyed-grpc'")).toBe(6);
  });

  it("refusals lost nothing accepted before them", async () => {
    expect(await t.count("otel_traces", "ServiceName = 'keyed'")).toBe(10);
    expect(await t.count("otel_traces", "ServiceName = 'denied'")).toBe(0);
  });
});
