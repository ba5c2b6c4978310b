// @vitest-environment node
// The web's own telemetry over a real Node http server and a real OTLP/HTTP receiver: every
// request timed under its route class, upstream errors counted and render errors logged with
// their stack, all under service tracelight with component web.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeLogs } from "@tracelight/otlp";
import { type OtlpReceiver, startOtlpReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeClass, startWebSelfTelemetry } from "./web-self-telemetry.ts";

let receiver: OtlpReceiver;
let server: Server;
let base: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = createServer((request, response) => {
    response.statusCode = request.url?.startsWith("/api/v1/") ? 502 : 200;
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await receiver?.close();
});

describe("routeClass", () => {
  it.each([
    ["/api/v1/services?from=now-1h", {}, "api-proxy"],
    ["/api/auth/oauth2/callback/oidc", {}, "auth-proxy"],
    ["/_next/static/chunks/app.js", {}, "static"],
    ["/traces/abc?_rsc=1x2y", {}, "rsc"],
    ["/traces/abc", { rsc: "1" }, "rsc"],
    ["/traces/abc", {}, "page"],
  ])("%s %o → %s", (url, headers, expected) => {
    expect(routeClass(url, headers)).toBe(expected);
  });
});

describe("startWebSelfTelemetry", () => {
  it("times requests by route class, counts upstream errors and logs render errors, as component web", async () => {
    const url = receiver.url;
    const self = startWebSelfTelemetry({ url: () => url, intervalMs: 60_000 });
    for (const path of ["/", "/metrics", "/api/v1/services", "/_next/static/a.js"])
      await (await fetch(base + path)).text();
    self.upstreamError("/api/v1");
    self.requestError(new Error("render broke"), "/traces/abc?x=1", "render");
    await self.close();

    const histograms = receiver.acceptedMetrics.flatMap((rows) => rows.histogram);
    const requests = histograms.filter((m) => m.MetricName === "tracelight.web.request.duration");
    const byClass = new Map(
      requests.map((m) => [
        `${m.Attributes["tracelight.route.class"]} ${m.Attributes["http.response.status_class"]}`,
        Number(m.Count),
      ]),
    );
    expect(byClass).toEqual(
      new Map([
        ["page 2xx", 2],
        ["api-proxy 5xx", 1],
        ["static 2xx", 1],
      ]),
    );
    expect(requests[0]?.ServiceName).toBe("tracelight");
    expect(requests[0]?.ResourceAttributes["tracelight.component"]).toBe("web");
    const errors = receiver.acceptedMetrics
      .flatMap((rows) => rows.sum)
      .filter((m) => m.MetricName === "tracelight.web.proxy.upstream_errors");
    expect(errors.map((m) => [m.Attributes["tracelight.route.class"], m.Value])).toEqual([["api-proxy", 1]]);
    const logs = receiver.requests
      .filter((r) => r.path === "/v1/logs")
      .flatMap((r) => decodeLogs(r.body, "protobuf").rows);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      ServiceName: "tracelight",
      SeverityText: "ERROR",
      Body: "request failed: render broke",
    });
    expect(logs[0]?.LogAttributes).toMatchObject({ "url.path": "/traces/abc", "next.route_type": "render" });
    expect(logs[0]?.LogAttributes["exception.stacktrace"]).toMatch(/^Error: render broke\n/);
  });
});
