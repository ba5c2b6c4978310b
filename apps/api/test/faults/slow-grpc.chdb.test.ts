// Slow and idle clients of the OTLP/gRPC listener over real sockets (the HTTP listeners'
// are in ../slow-clients.chdb.test.ts): a socket that never speaks HTTP/2, a connection that
// makes no call, and a call whose message is trickled byte by byte are all closed within
// their limits, while a normal export is still served.
import http2 from "node:http2";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExport } from "../helpers/grpc-client.ts";
import { startTestService, type TestService } from "../helpers/service.ts";
import { closedAfter } from "../helpers/sockets.ts";
import { makeSpans } from "../helpers/telemetry.ts";

const IDLE_MS = 3_000;
const REQUEST_MS = 1_000;
let t: TestService;
beforeAll(async () => {
  t = await startTestService({
    TRACELIGHT_HEADERS_TIMEOUT_MS: "500",
    TRACELIGHT_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
    TRACELIGHT_KEEPALIVE_TIMEOUT_MS: "500",
    TRACELIGHT_IDLE_TIMEOUT_MS: String(IDLE_MS),
  });
});
afterAll(async () => {
  await t?.close();
});

const grpcPort = () => t.service.ports.otlpGrpc as number;

/** Opens an HTTP/2 session, runs `talk` on it; resolves with ms until the server ended it. */
function sessionClosedAfter(talk: (session: http2.ClientHttp2Session) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const session = http2.connect(`http://127.0.0.1:${grpcPort()}`);
    session.on("error", () => {});
    session.on("connect", () => talk(session));
    session.on("close", () => resolve(Date.now() - start));
    setTimeout(() => {
      session.destroy();
      reject(new Error("session still open after 30 s"));
    }, 30_000).unref();
  });
}

async function exportStillServed() {
  const body = ProtobufTraceSerializer.serializeRequest(makeSpans("grpc-beside-slow", 2)) as Uint8Array;
  expect((await rawExport(t.otlpGrpc, "traces", body)).error).toBeUndefined();
}

describe("fault: slow and idle connections — gRPC", () => {
  it("a socket that never speaks HTTP/2 is closed", async () => {
    const closed = closedAfter(grpcPort(), () => {});
    await exportStillServed();
    expect((await closed).ms).toBeLessThan(IDLE_MS + 1_500);
  });

  it("a connection that makes no call is closed after the idle limit", async () => {
    const closed = sessionClosedAfter(() => {});
    await exportStillServed();
    expect(await closed).toBeLessThan(IDLE_MS + 1_500);
  });

  it("a call whose message is trickled is cut off with its connection's bounded age", async () => {
    const closed = sessionClosedAfter((session) => {
      const call = session.request({
        ":method": "POST",
        ":path": "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        "content-type": "application/grpc",
        te: "trailers",
      });
      call.on("error", () => {});
      // A message header declaring 1,000 bytes, then one byte every 100 ms.
      call.write(Buffer.from([0, 0, 0, 0x03, 0xe8]));
      const drip = setInterval(() => (call.writable ? call.write(Buffer.from([0])) : clearInterval(drip)), 100);
      call.on("close", () => clearInterval(drip));
    });
    await exportStillServed();
    // The age is 10 request timeouts, and the grace one more.
    expect(await closed).toBeLessThan(11 * REQUEST_MS + 2_000);
  });
});
