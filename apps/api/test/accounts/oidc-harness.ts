// The api with OpenID Connect sign-in against a real provider (packages/auth/testing), and a
// browserless sign-in through both. The callback is served by the api itself, so the api's
// own origin is TRACELIGHT_PUBLIC_URL: its port is chosen before it starts.
import { createServer } from "node:net";
import {
  headlessLogin,
  type OidcProviderOptions,
  type RunningOidcProvider,
  startOidcProvider,
  TEST_CLIENT,
  type TestAccount,
} from "@tracelight/auth/testing";
import type { MeResponse } from "@tracelight/contracts";
import { startTestService, type TestService } from "../helpers/service.ts";

export interface OidcStack {
  t: TestService;
  provider: RunningOidcProvider;
  /** ${TRACELIGHT_PUBLIC_URL}/api/auth/sso/callback/oidc */
  callbackUrl: string;
  close(): Promise<void>;
}

/** What the browser is left with after the api's callback answered. */
export interface SignInOutcome {
  status: number;
  /** The callback's redirect. */
  location: string | null;
  /** "name=value; …" of every cookie the callback set, for the next request; "" when none. */
  cookie: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startOidcStack(
  accounts: TestAccount[],
  env: Record<string, string> = {},
  providerOptions: Pick<OidcProviderOptions, "splitEndpoints"> = {},
): Promise<OidcStack> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const callbackUrl = `${publicUrl}/api/auth/sso/callback/oidc`;
  const provider = await startOidcProvider({ redirectUris: [callbackUrl], accounts, ...providerOptions });
  const t = await startTestService(
    {
      API_PORT: String(port),
      TRACELIGHT_PUBLIC_URL: publicUrl,
      TRACELIGHT_OIDC_ISSUER: provider.issuer,
      TRACELIGHT_OIDC_CLIENT_ID: TEST_CLIENT.id,
      TRACELIGHT_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      TRACELIGHT_OIDC_SCOPES: "openid email profile tracelight",
      ...env,
    },
    { roles: "query" },
  ).catch(async (error) => {
    await provider.stop();
    throw error;
  });
  return {
    t,
    provider,
    callbackUrl,
    async close() {
      await t.close();
      await provider.stop();
    },
  };
}

/** GET /api/v1/auth/oidc/start as an anonymous browser: the 302 and the state cookie it set. */
export async function startSignIn(stack: OidcStack, returnTo = "/traces") {
  const response = await fetch(`${stack.t.api}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, {
    headers: { authorization: "" },
    redirect: "manual",
  });
  return { status: response.status, location: response.headers.get("location"), cookie: cookiePairs(response) };
}

/** Opens the provider's callback URL at the api as the browser that started the sign-in. */
export async function finishSignIn(callback: URL, stateCookie: string): Promise<SignInOutcome> {
  const response = await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), cookie: cookiePairs(response) };
}

/** The whole round trip: start at the api, sign in at the provider as `sub`, back to the api. */
export async function signIn(stack: OidcStack, sub: string, returnTo = "/traces"): Promise<SignInOutcome> {
  const started = await startSignIn(stack, returnTo);
  if (started.status !== 302 || !started.location) throw new Error(`oidc/start answered ${started.status}`);
  const callback = await headlessLogin(started.location, sub, stack.callbackUrl);
  return finishSignIn(callback, started.cookie);
}

/** GET /api/v1/auth/me with only this cookie: the user, or the status when refused. */
export async function me(stack: OidcStack, cookie: string): Promise<MeResponse | number> {
  const response = await fetch(`${stack.t.api}/api/v1/auth/me`, { headers: { cookie: cookie || "x=none" } });
  return response.ok ? ((await response.json()) as MeResponse) : response.status;
}

/** Cookies set by a response, as a Cookie header; cleared ones (empty value) left out. */
function cookiePairs(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0] ?? "")
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}
