// The query-port server (:3001): health endpoints plus the query API routes (src/query/).
// Outside /api/v1 it answers in the same JSON error shape as the query API.
import type { Accounts } from "@tracelight/auth";
import { type OriginPolicy, refuseRequest } from "@tracelight/contracts";
import type { ClickHouseTransport } from "@tracelight/store";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import type { AlertRouteDeps } from "./alerts/routes.ts";
import { installGuard } from "./auth/guard.ts";
import { registerOidcCallback } from "./auth/routes.ts";
import { type Readiness, registerHealthRoutes } from "./health.ts";
import { log } from "./log.ts";
import type { LogTailHub } from "./query/log-tail-hub.ts";
import { scopeQueriesToRequests } from "./query/query-scope.ts";
import { registerQueryRoutes } from "./query/routes.ts";
import { DEFAULT_TIMEOUTS, type ServerTimeouts, timeoutOptions } from "./server-timeouts.ts";
import type { LocalIngest } from "./status-route.ts";

const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

const apiError = (code: string, message: string) => ({ error: { code, message } });

export interface ApiServerOptions {
  transport: ClickHouseTransport;
  readiness: Readiness;
  originPolicy: OriginPolicy;
  /** Who may call what (src/auth/): every /api/v1 route is guarded. */
  accounts: Accounts;
  /** Proxies whose X-Forwarded-For names the client (Fastify's trustProxy): the web app's address. */
  trustedProxies: string[];
  /** Live tail's hub, when this process also runs the ingest role. */
  logTail?: LogTailHub;
  /** The alerting routes, when the metadata database is open. */
  alerts?: AlertRouteDeps;
  timeouts?: ServerTimeouts;
  /** This process's ingest, for the status route, when it runs the ingest role. */
  ingest?: LocalIngest;
}

export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { transport, readiness, originPolicy, accounts, logTail, alerts, ingest } = options;
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  // No idle-socket limit here: the live tail's stream can be quiet for as long as no log arrives.
  const app = Fastify({
    logger: false,
    trustProxy: options.trustedProxies,
    return503OnClosing: true,
    ...timeoutOptions({ ...timeouts, idleMs: 0 }),
    // Refusals before routing (a bad escape in the URL, a path parameter past maxParamLength)
    // and at the socket (headers past Node's limit) answer in the API's error shape too.
    frameworkErrors: (error: Error & { statusCode?: number }, _request, reply: FastifyReply) =>
      reply.code(error.statusCode ?? 400).send(apiError("bad_request", error.message)),
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
      const body = JSON.stringify(
        apiError("bad_request", status === 431 ? "request headers too large" : "malformed request"),
      );
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
            `Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      } else socket.destroy(error);
    },
  });
  // API clients send `content-type: application/json` on a DELETE without a body, which
  // Fastify's parser refuses (FST_ERR_CTP_EMPTY_JSON_BODY): an empty JSON body is no body.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body: string, done) =>
    body === "" ? done(null, undefined) : parseJson(request, body, done),
  );
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` } }),
  );
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: { code: "bad_request", message: error.message } });
    log.error("api request failed", { method: request.method, url: request.url, error });
    return reply.code(500).send({ error: { code: "internal", message: "internal error" } });
  });
  app.addHook("onRequest", async (request, reply) => {
    // Probes (a kubelet's Host is the pod's IP) learn nothing from these a page could misuse.
    if (request.method === "GET" && PROBE_PATHS.has(request.url.split("?")[0] ?? "")) return;
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refusal = refuseRequest(
      {
        method: request.method,
        host: header("host"),
        origin: header("origin"),
        secFetchSite: header("sec-fetch-site"),
      },
      originPolicy,
    );
    if (refusal) return reply.code(refusal.status).send({ error: refusal.error });
  });
  installGuard(app, accounts);
  scopeQueriesToRequests(app);
  registerHealthRoutes(app, readiness);
  registerOidcCallback(app, accounts);
  await registerQueryRoutes(app, {
    transport,
    accounts,
    logTail,
    ...(alerts ? { alerts } : {}),
    ...(ingest ? { ingest } : {}),
  });
  return app;
}
