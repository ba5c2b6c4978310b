// A tiny instrumented HTTP service on node:http: route matching, a SERVER span per request (its
// parent extracted from `traceparent`), the request metrics, and one access log per request
// (INFO; WARN when slow; ERROR with the exception when it failed).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { emitLog } from "../telemetry/logs.ts";
import type { ServiceTelemetry } from "../telemetry/setup.ts";

/** Thrown by handlers to answer with a status; other errors answer 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    name = "HttpError",
  ) {
    super(message);
    this.name = name;
  }
}

export interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** The request's SERVER span (also the active span while the handler runs). */
  span: Span;
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface Route {
  method: "GET" | "POST";
  /** A template such as `/product/:id` (also the `http.route` attribute). */
  route: string;
  handle(request: Request): Promise<Reply>;
}

export interface RunningHttpService {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Requests slower than this log at WARN. */
  slowMs?: number;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.route
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function match(routes: readonly CompiledRoute[], method: string, path: string) {
  for (const r of routes) {
    if (r.route.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { route: r.route, params };
  }
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "request body is not JSON", "BadRequest");
  }
}

export async function serveHttp(
  telemetry: ServiceTelemetry,
  routes: readonly Route[],
  options: ServeOptions = {},
): Promise<RunningHttpService> {
  const compiled = routes.map(compile);
  const slowMs = options.slowMs ?? 500;
  let port = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const found = match(compiled, method, path);
    const route = found?.route.route;
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = telemetry.tracer.startSpan(
      route ? `${method} ${route}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          "http.request.method": method,
          "url.path": path,
          "url.scheme": "http",
          "server.address": "127.0.0.1",
          "server.port": port,
          "network.protocol.version": req.httpVersion,
          ...(route ? { "http.route": route } : {}),
          ...(req.headers["user-agent"] ? { "user_agent.original": req.headers["user-agent"] } : {}),
        },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    // Timed from the span's start to just before its end, so an exemplar's value never exceeds its span's duration.
    const started = performance.now();

    await context.with(ctx, async () => {
      let reply: Reply;
      let failure: unknown;
      try {
        if (!found) throw new HttpError(404, `no route ${method} ${path}`, "NotFound");
        const body = method === "GET" ? undefined : await readJson(req);
        reply = await found.route.handle({ method, path, params: found.params, body, span });
      } catch (error) {
        failure = error;
        const status = error instanceof HttpError ? error.status : 500;
        reply = { status, body: { error: error instanceof Error ? error.message : String(error) } };
      }
      const { status } = reply;
      const durationMs = performance.now() - started;
      span.setAttribute("http.response.status_code", status);
      // Server spans are errors on 5xx only (a 4xx is the client's fault).
      if (status >= 500) {
        const message = failure instanceof Error ? failure.message : `HTTP ${status}`;
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        span.setAttribute("error.type", failure instanceof Error ? failure.name : String(status));
        if (failure !== undefined) span.recordException(failure as Error);
      }

      const metricAttributes: Attributes = {
        "http.request.method": method,
        "http.response.status_code": status,
        ...(route ? { "http.route": route } : {}),
      };
      telemetry.requestDuration.record(durationMs / 1000, metricAttributes, ctx);
      telemetry.requests.add(1, metricAttributes, ctx);

      const line = `${method} ${path} ${status} ${durationMs.toFixed(1)} ms`;
      const logAttributes = { ...metricAttributes, "url.path": path, "http.server.duration_ms": durationMs };
      if (status >= 500) emitLog(telemetry.logger, "ERROR", line, logAttributes, failure, ctx);
      else if (durationMs > slowMs)
        emitLog(telemetry.logger, "WARN", `slow request: ${line}`, logAttributes, undefined, ctx);
      else emitLog(telemetry.logger, "INFO", line, logAttributes, undefined, ctx);

      if (!res.headersSent) {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(reply.body));
      }
      span.end();
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only a bug in this module gets here; answer so the caller is not left hanging.
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
