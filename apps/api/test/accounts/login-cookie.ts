// A password sign-in attempt whatever its outcome (status, Set-Cookie lines, the cookie for
// later requests), and calls answered as status + parsed body + Set-Cookie; credentials and
// the rest come from roles-callers.ts.
import type { ApiError } from "@tracelight/contracts";
import type { TestService } from "../helpers/service.ts";
import { callApi } from "./roles-callers.ts";

export interface Answer<T> {
  status: number;
  body: T;
  setCookies: string[];
}

export async function call<T = ApiError>(
  t: TestService,
  credentials: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await callApi(t, credentials, method, path, body);
  const text = await response.text();
  return {
    status: response.status,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
    setCookies: response.headers.getSetCookie(),
  };
}

/** POST /auth/login with no other credentials; `headers` e.g. X-Forwarded-For. */
export async function login(
  t: TestService,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Answer<unknown> & { cookie: string }> {
  const answer = await call<unknown>(t, { authorization: "", ...headers }, "POST", "/api/v1/auth/login", {
    email,
    password,
  });
  return { ...answer, cookie: answer.setCookies.map((line) => line.split(";")[0]).join("; ") };
}
