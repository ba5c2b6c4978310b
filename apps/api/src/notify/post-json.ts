// One notification POST through the egress policy. The outcome keeps the status and a classified
// error ("HTTP 500", "ECONNREFUSED", "timeout after 5000 ms", "refused: …") and never the
// receiver's body: a test-send must not become a way to read internal hosts.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { type EgressPolicy, EgressRefusedError } from "../egress/egress-policy.ts";

export type SendOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retryable: boolean; retryAfter: string | null };

/**
 * 2xx succeeds. 5xx, 408, 425, 429, network errors and timeouts are retried; other statuses
 * (4xx, redirects, which are not followed) and egress refusals are permanent: the receiver or the
 * policy refused this body or URL and would again.
 */
export async function postJson(
  egress: EgressPolicy,
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<SendOutcome> {
  let target: URL;
  try {
    target = new URL(url);
    egress.checkName(target);
  } catch (error) {
    return failure(null, refusal(error), false);
  }
  const data = Buffer.from(JSON.stringify(body));
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": data.length,
          "user-agent": "Tracelight-Notifier/1",
        },
        // Names resolve through the policy, which refuses or hands over only checked addresses.
        lookup: egress.lookup,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      });
      req.once("response", resolve);
      req.once("error", reject);
      req.end(data);
    });
  } catch (error) {
    if (error instanceof EgressRefusedError) return failure(null, refusal(error), false);
    return failure(null, networkError(error, timeoutMs), true);
  }
  // Drained unread: the body is the receiver's, not ours to keep or show.
  response.resume();
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return { ok: true, status };
  const error = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
  const retryable = status >= 500 || status === 408 || status === 425 || status === 429;
  const retryAfter = status === 429 ? (response.headers["retry-after"] ?? null) : null;
  return { ok: false, status, error, retryable, retryAfter };
}

function failure(status: number | null, error: string, retryable: boolean): SendOutcome {
  return { ok: false, status, error, retryable, retryAfter: null };
}

function refusal(error: unknown): string {
  return `refused: ${error instanceof EgressRefusedError ? error.message : "not a URL"}`;
}

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `timeout after ${timeoutMs} ms`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return "network error";
}
