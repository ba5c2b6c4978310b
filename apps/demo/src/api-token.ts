// An API token for a script that writes through the query API: sign in with an admin's email
// and password (POST /api/v1/auth/login), make a token with the role the script needs (POST
// /api/v1/tokens), sign the session out again. The demo makes its alert rules with it; the
// benches use it too (bench/lib/bench-admin.ts).
import { backoffDelayMs } from "@tracelight/backoff";

export interface AdminCredentials {
  email: string;
  password: string;
}

export interface TokenRequest {
  name: string;
  role: "viewer" | "editor" | "admin";
  /** Epoch ms; the token works until then (never expires when unset). */
  expiresAt?: number;
}

/** An answer that trying again will not change (wrong password, too low a role, bad input). */
export class RefusedError extends Error {
  override name = "RefusedError";
}

/** The response if it has `status`; otherwise an Error, a RefusedError when retrying is futile. */
export async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status === status) return response;
  const message = `${what}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
  // 5xx and 429 (the api starting, overloaded, or throttling sign-ins) may pass; the rest will not.
  throw response.status >= 500 || response.status === 429 ? new Error(message) : new RefusedError(message);
}

/** `apiUrl` is the query API's origin (http://127.0.0.1:3001); returns the token's secret. */
export async function makeApiToken(apiUrl: string, admin: AdminCredentials, token: TokenRequest): Promise<string> {
  const login = await expectStatus(
    await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(admin),
    }),
    200,
    `sign-in as ${admin.email}`,
  );
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(";", 1)[0])
    .join("; ");
  const created = await expectStatus(
    await fetch(`${apiUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(token),
    }),
    201,
    "POST /api/v1/tokens",
  );
  const { token: secret } = (await created.json()) as { token: string };
  // The token is all the script keeps: no session is left open in the user's session list.
  await fetch(`${apiUrl}/api/v1/auth/logout`, { method: "POST", headers: { cookie } }).catch(() => undefined);
  return secret;
}

/**
 * Runs `attempt` until it succeeds, waiting longer each time (1 s doubling to 30 s): the api
 * may still be starting. A RefusedError ends it at once: repeating a wrong password would only
 * lock the account (the api throttles failed sign-ins).
 */
export async function retryWhileStarting<T>(
  attempt: () => Promise<T>,
  options: { deadlineMs: number; onRetry?: (error: Error, delayMs: number) => void },
): Promise<T> {
  const giveUpAt = Date.now() + options.deadlineMs;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = backoffDelayMs(n, { initialDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.2 });
      if (error instanceof RefusedError || Date.now() + delayMs > giveUpAt) throw error;
      options.onRetry?.(error as Error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
