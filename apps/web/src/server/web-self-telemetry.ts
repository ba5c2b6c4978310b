// The web server's own telemetry through @tracelight/self-telemetry, under service tracelight,
// component web: every HTTP request it serves timed by route class (pages, their RSC payloads,
// the /api/v1 and /api/auth proxies, static files), upstream errors of the proxy, and errors
// Next reports while rendering, as logs with their stack. Requests are seen through Node's
// http diagnostics channels, so no route handler needs to take part.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SelfTelemetry, type SelfTelemetryOptions } from "@tracelight/self-telemetry";
import type { WebSelfTelemetry } from "./self-telemetry-registry.ts";

export type RouteClass = "page" | "rsc" | "api-proxy" | "auth-proxy" | "static";

export function routeClass(url: string, headers: IncomingMessage["headers"]): RouteClass {
  const path = url.split("?")[0] ?? "";
  if (path.startsWith("/api/v1/")) return "api-proxy";
  if (path.startsWith("/api/auth/")) return "auth-proxy";
  if (path.startsWith("/_next/") || path === "/favicon.ico") return "static";
  // A client-side navigation asks for the page's React Server Components payload.
  if (headers.rsc === "1" || url.includes("_rsc=")) return "rsc";
  return "page";
}

// Seconds from 1 ms to 60 s, as the api's query latency.
const BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function startWebSelfTelemetry(options: Omit<SelfTelemetryOptions, "component">): WebSelfTelemetry {
  const self = new SelfTelemetry({ ...options, component: "web" });
  const duration = self.meter.createHistogram("tracelight.web.request.duration", {
    description: "Time to answer one request, by route class and status class",
    unit: "s",
    advice: { explicitBucketBoundaries: BUCKETS_S },
  });
  const upstreamErrors = self.meter.createCounter("tracelight.web.proxy.upstream_errors", {
    description: "Proxied requests the api did not answer (502 api_unreachable)",
    unit: "{request}",
  });
  const started = new WeakMap<IncomingMessage, number>();
  const onStart = (message: unknown) => {
    started.set((message as { request: IncomingMessage }).request, performance.now());
  };
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const start = started.get(request);
    if (start === undefined) return;
    duration.record((performance.now() - start) / 1000, {
      "tracelight.route.class": routeClass(request.url ?? "/", request.headers),
      "http.response.status_class": `${Math.floor(response.statusCode / 100)}xx`,
    });
  };
  subscribe("http.server.request.start", onStart);
  subscribe("http.server.response.finish", onFinish);
  return {
    upstreamError: (prefix) =>
      upstreamErrors.add(1, { "tracelight.route.class": prefix === "/api/v1" ? "api-proxy" : "auth-proxy" }),
    requestError(error, path, routeType) {
      const e = error instanceof Error ? error : new Error(String(error));
      self.log({
        severity: "error",
        message: `request failed: ${e.message}`,
        attributes: { "url.path": path.split("?")[0] ?? path, "next.route_type": routeType },
        error: { type: e.name, message: e.message, stack: e.stack },
      });
    },
    close() {
      unsubscribe("http.server.request.start", onStart);
      unsubscribe("http.server.response.finish", onFinish);
      return self.close();
    },
  };
}
