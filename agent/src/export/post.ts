// One OTLP/HTTP POST and what its answer means for the exporter: delivered (maybe partly),
// worth retrying (network error, timeout, 429/502/503/504), or refused for good (other statuses).
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { parseRetryAfter } from "@tracelight/backoff";
import { readErrorMessage } from "./response.ts";
import { RETRYABLE_STATUSES } from "./retry.ts";

const gzip = promisify(gzipCallback);

export interface PreparedBody {
  body: Uint8Array;
  headers: Record<string, string>;
}

export type PostOutcome =
  | { kind: "delivered"; body: Uint8Array; contentType: string }
  | { kind: "retry"; reason: string; retryAfterMs: number | undefined }
  | { kind: "refused"; status: number; message: string };

/** The request body, gzipped when it is at least `gzipMinBytes` long (small bodies gain nothing). */
export async function prepareBody(
  payload: Uint8Array | string,
  contentType: string,
  gzipMinBytes: number,
): Promise<PreparedBody> {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  if (bytes.length < gzipMinBytes) return { body: bytes, headers: { "content-type": contentType } };
  return {
    body: new Uint8Array(await gzip(bytes)),
    headers: { "content-type": contentType, "content-encoding": "gzip" },
  };
}

/** fetch says only "fetch failed"; its cause names the problem (ECONNREFUSED, a reset, …). */
function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error && error.name === "AbortError") return "aborted";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === "string" && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

export async function post(
  url: string,
  prepared: PreparedBody,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<PostOutcome> {
  let response: Response;
  let body: Uint8Array;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, ...prepared.headers },
      body: prepared.body,
      signal: AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]),
    });
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { kind: "retry", reason: networkReason(error, timeoutMs), retryAfterMs: undefined };
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (response.ok) return { kind: "delivered", body, contentType };
  const message = readErrorMessage(body, contentType);
  const described = message ? `${response.status}: ${message}` : `${response.status} ${response.statusText}`;
  if (RETRYABLE_STATUSES.has(response.status)) {
    return { kind: "retry", reason: described, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) };
  }
  return { kind: "refused", status: response.status, message: message || response.statusText };
}
