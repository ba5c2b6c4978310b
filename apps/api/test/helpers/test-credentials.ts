// Tests call the query API as an admin unless they say otherwise: startTestService registers
// its API's origin with an admin token, and fetch adds `Authorization: Bearer <token>` to a
// request for that origin that carries neither an Authorization nor a Cookie header. A test
// that wants to be anonymous sends `authorization: ""`; one that tests roles sends its own.
// A service in a child process gets the same admin from its environment (adminEnv) and signs
// in over HTTP (authorizeAsTestAdmin).
import { apiToken } from "@tracelight/testkit";

export const TEST_ADMIN = { email: "admin@tracelight.test", password: "test-admin-password" };

/** For a child process's environment: the api makes TEST_ADMIN at start. */
export const adminEnv = { TRACELIGHT_ADMIN_EMAIL: TEST_ADMIN.email, TRACELIGHT_ADMIN_PASSWORD: TEST_ADMIN.password };

const tokens = new Map<string, string>();
let installed = false;

export function authorizeTestRequests(origin: string, token: string): void {
  tokens.set(origin, token);
  if (installed) return;
  installed = true;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const token = tokens.get(url.origin);
    if (token === undefined) return realFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has("authorization") && !headers.has("cookie")) headers.set("authorization", `Bearer ${token}`);
    return realFetch(input, { ...init, headers });
  };
}

export function forgetTestOrigin(origin: string): void {
  tokens.delete(origin);
}

/**
 * Signs in as TEST_ADMIN at `origin` (a query API the test did not start in-process), makes an
 * admin token and authorizes fetches to that origin with it, as startTestService does.
 */
export async function authorizeAsTestAdmin(origin: string): Promise<string> {
  const token = await apiToken(origin, TEST_ADMIN, { name: `test admin ${Date.now()}`, role: "admin" });
  authorizeTestRequests(origin, token);
  return token;
}
