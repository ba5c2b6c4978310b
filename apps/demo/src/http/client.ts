// Outgoing HTTP calls through fetch, each in a CLIENT span whose context goes out in the W3C
// `traceparent` header; failures (status ≥ 400 or no answer) mark the span as an error.
import { context, propagation, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";

export interface CallOptions {
  method: "GET" | "POST";
  /** Full URL. */
  url: string;
  /** The target's route template, e.g. `/stock/:sku` (names the span). */
  route: string;
  /** The called service's name (`peer.service`). */
  peerService: string;
  body?: unknown;
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  /** Parsed JSON, or the raw text when the answer is not JSON. */
  body: unknown;
}

/** `error` of a `{ error: "..." }` answer body, if any. */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") return body.error;
  return undefined;
}

export async function callService(tracer: Tracer, options: CallOptions): Promise<CallResult> {
  const target = new URL(options.url);
  const parent = context.active();
  const span = tracer.startSpan(
    `${options.method} ${options.route}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "http.request.method": options.method,
        "url.full": options.url,
        "url.template": options.route,
        "server.address": target.hostname,
        "server.port": Number(target.port),
        "peer.service": options.peerService,
      },
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  propagation.inject(ctx, headers);
  try {
    const response = await fetch(options.url, {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Keep the text.
    }
    span.setAttribute("http.response.status_code", response.status);
    if (response.status >= 400) {
      span.setAttribute("error.type", String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(body) ?? `HTTP ${response.status}` });
    }
    return { status: response.status, body };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    span.recordException(e);
    span.setAttribute("error.type", e.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
    throw error;
  } finally {
    span.end();
  }
}
