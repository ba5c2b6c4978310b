// Slow and idle clients over real sockets against the running service: a connection that sends
// nothing, headers that never end, a body trickled byte by byte and an idle keep-alive
// connection are all closed within their time limit (TRACELIGHT_*_TIMEOUT_MS), on the OTLP
// listener and the query API, while a normal request is still served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";
import { closedAfter } from "./helpers/sockets.ts";

let t: TestService;
beforeAll(async () => {
  t = await startTestService(
    {
      TRACELIGHT_HEADERS_TIMEOUT_MS: "500",
      TRACELIGHT_REQUEST_TIMEOUT_MS: "1500",
      TRACELIGHT_KEEPALIVE_TIMEOUT_MS: "500",
      TRACELIGHT_IDLE_TIMEOUT_MS: "3000",
    },
    { roles: "ingest,query" },
  );
});
afterAll(async () => {
  await t?.close();
});

const otlpPort = () => t.service.ports.otlpHttp as number;
const apiPort = () => t.service.ports.api as number;

describe("fault: slow and idle connections — HTTP", () => {
  it("a connection that never sends is closed", async () => {
    for (const port of [otlpPort(), apiPort()]) {
      const { ms } = await closedAfter(port, () => {});
      expect(ms).toBeLessThan(4_500);
    }
  });

  it("headers that never end are closed after the headers timeout", async () => {
    for (const port of [otlpPort(), apiPort()]) {
      const { ms } = await closedAfter(port, (s) => s.write("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      expect(ms).toBeLessThan(2_000);
    }
  });

  it("a trickled body is cut off after the request timeout", async () => {
    const { ms, said } = await closedAfter(otlpPort(), (s) => {
      s.write(
        "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000000\r\n\r\n",
      );
      const drip = setInterval(() => (s.writable ? s.write("\n") : clearInterval(drip)), 100);
      s.on("close", () => clearInterval(drip));
    });
    expect(ms).toBeLessThan(3_000);
    expect(said === "" || said.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("an idle keep-alive connection is closed after the keep-alive timeout, its request answered", async () => {
    const { ms, said } = await closedAfter(apiPort(), (s) =>
      s.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"),
    );
    expect(said).toMatch(/^HTTP\/1.1 200/);
    expect(ms).toBeLessThan(2_000);
  });
});
