// One span per query-API request (/api/v1/*; the health probes and OTLP ingest, served
// elsewhere or too often to matter, are left out), named by route template so names stay few,
// with status, duration and the caller's role. The self-telemetry samples and caps them, so
// heavy traffic cannot flood the store with Tracelight's own spans.
import type { SelfTelemetry } from "@tracelight/self-telemetry";
import type { FastifyInstance } from "fastify";

export function traceRequests(api: FastifyInstance, telemetry: SelfTelemetry): void {
  api.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith("/api/v1/")) return;
    const attributes: Record<string, string | number> = {
      "http.request.method": request.method,
      "http.route": route,
      "http.response.status_code": reply.statusCode,
    };
    if (request.principal) attributes["tracelight.principal.role"] = request.principal.role;
    telemetry.span({
      name: `${request.method} ${route}`,
      startMs: Date.now() - reply.elapsedTime,
      durationMs: reply.elapsedTime,
      error: reply.statusCode >= 500,
      attributes,
    });
  });
}
