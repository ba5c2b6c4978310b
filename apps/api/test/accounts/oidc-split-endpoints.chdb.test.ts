// OpenID Connect sign-in with a provider whose token, userinfo and JWKS endpoints are on
// another origin than its issuer (as Google's and Microsoft Entra's are).
import type { TestAccount } from "@tracelight/auth/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { me, type OidcStack, signIn, startOidcStack } from "./oidc-harness.ts";

const ada: TestAccount = { sub: "ada", email: "ada@example.test", role: "editor" };
let stack: OidcStack;

beforeAll(async () => {
  stack = await startOidcStack([ada], {}, { splitEndpoints: true });
});
afterAll(async () => {
  await stack?.close();
});

it("signs in through endpoints on the origins the issuer's discovery names", async () => {
  const discovery = (await (await fetch(`${stack.provider.issuer}/.well-known/openid-configuration`)).json()) as {
    token_endpoint: string;
  };
  expect(new URL(discovery.token_endpoint).origin).not.toBe(stack.provider.issuer);
  const outcome = await signIn(stack, ada.sub);
  expect(outcome.location).toBe("/traces");
  expect(await me(stack, outcome.cookie)).toMatchObject({ user: { email: ada.email, role: "editor" } });
});
