// Callers of the accounts tests, made through the real API as the test admin: users of a role,
// their session cookie from POST /api/v1/auth/login, and API tokens. Every request names its
// own credentials (headers), so it also works on a service started with `anonymous: true`.
import type { CreatedSecret, Role, UserView } from "@tracelight/contracts";
import { expect } from "vitest";
import type { TestService } from "../helpers/service.ts";

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Calls the API with the given credential headers and a JSON body, if any. */
export function callApi(
  t: TestService,
  credentials: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${t.api}${path}`, {
    method,
    headers: { ...credentials, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
}

/** Calls as the test admin and expects `status`; returns the parsed answer. */
export async function asAdmin<T>(t: TestService, method: string, path: string, status: number, body?: unknown) {
  const response = await callApi(t, bearer(t.admin.token), method, path, body);
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(status);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

export async function createUser(t: TestService, role: Role, email = `${role}-${Date.now()}@tracelight.test`) {
  const password = `${role}-password-long`;
  const user = await asAdmin<UserView>(t, "POST", "/api/v1/users", 201, { email, name: role, role, password });
  return { ...user, password };
}

/** Signs in with a password; the `cookie` header of the new session. */
export async function signIn(t: TestService, email: string, password: string): Promise<{ cookie: string }> {
  const response = await callApi(t, {}, "POST", "/api/v1/auth/login", { email, password });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { cookie };
}

/** Makes an API token with `role` as whoever `credentials` are (the test admin by default). */
export async function createToken(
  t: TestService,
  role: Role,
  credentials: Record<string, string> = bearer(t.admin.token),
  extra: { expiresAt?: string } = {},
): Promise<CreatedSecret> {
  const response = await callApi(t, credentials, "POST", "/api/v1/tokens", { name: `${role} token`, role, ...extra });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as CreatedSecret;
}
