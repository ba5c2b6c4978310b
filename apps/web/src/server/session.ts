// Who is signed in, for server-rendered pages: the api's answer to GET /api/v1/auth/me with the
// browser's own cookie, asked once per request. requireUser() is the gate every page passes:
// signed out goes to /login (or /setup before the first admin exists), a role too low is a 403.
import type { AuthProvidersResponse, MeResponse, Role } from "@tracelight/contracts";
import { roleAtLeast } from "@tracelight/contracts";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { loginHref } from "../lib/return-to.ts";
import { clientAddress } from "./client-address.ts";
import { apiBaseUrl } from "./env.ts";
import { PATH_HEADER } from "./path-header.ts";

/** The api did not answer: the sign-in page says so instead of failing. */
export class ApiUnreachable extends Error {}

async function askApi(path: string): Promise<Response> {
  const incoming = await headers();
  const forwarded = new Headers({ accept: "application/json" });
  for (const name of ["cookie", "authorization"]) {
    const value = incoming.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  const address = clientAddress(incoming);
  if (address !== undefined) forwarded.set("x-forwarded-for", address);
  try {
    return await fetch(`${apiBaseUrl}${path}`, { headers: forwarded, cache: "no-store" });
  } catch (error) {
    throw new ApiUnreachable(`the query API at ${apiBaseUrl} did not answer (${(error as Error).message})`);
  }
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: the api answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The signed-in user, or null when the request carries no valid session. */
export const currentUser = cache(async (): Promise<MeResponse | null> => {
  const response = await askApi("/api/v1/auth/me");
  if (response.status === 401) return null;
  return json<MeResponse>(response, "GET /api/v1/auth/me");
});

/** How people can sign in, and whether the first admin is still to be created. */
export const authProviders = cache(
  async (): Promise<AuthProvidersResponse> =>
    json<AuthProvidersResponse>(await askApi("/api/v1/auth/providers"), "GET /api/v1/auth/providers"),
);

/** The page being rendered, as src/proxy.ts saw it. */
export async function currentPath(): Promise<string> {
  return (await headers()).get(PATH_HEADER) ?? "/";
}

/** The signed-in user with at least `minimum`; otherwise this never returns (redirect or 403). */
export async function requireUser(minimum?: Role): Promise<MeResponse> {
  const me = await currentUser();
  if (me === null) {
    if ((await authProviders()).setupNeeded) redirect("/setup");
    redirect(loginHref(await currentPath()));
  }
  if (minimum !== undefined && !roleAtLeast(me.user.role, minimum)) forbidden();
  return me;
}
