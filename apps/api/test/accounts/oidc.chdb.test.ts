// OpenID Connect sign-in end to end: the real api over chDB and a real provider
// (oidc-provider through packages/auth/testing), with the role taken from a `role` claim.
import { headlessLogin, type TestAccount } from "@tracelight/auth/testing";
import type { AuditEntry, AuthProvidersResponse, SsoSettingsResponse } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson } from "../helpers/json-api.ts";
import { finishSignIn, me, type OidcStack, signIn, startOidcStack, startSignIn } from "./oidc-harness.ts";

const ada: TestAccount = { sub: "ada", email: "ada@example.test", name: "Ada Lovelace", role: "editor" };
const bob: TestAccount = { sub: "bob", email: "bob@example.test", role: "viewer" };
const eve: TestAccount = { sub: "eve", email: "eve@example.test", role: "editor" };
// Claims the email of the password admin that startTestService makes.
const mimic: TestAccount = { sub: "mimic", email: "admin@tracelight.test", role: "viewer" };
let stack: OidcStack;

beforeAll(async () => {
  stack = await startOidcStack([ada, bob, eve, mimic]);
});
afterAll(async () => {
  await stack?.close();
});

const signedIn = async (cookie: string) => {
  const answer = await me(stack, cookie);
  if (typeof answer === "number") throw new Error(`/auth/me answered ${answer}`);
  return answer.user;
};

describe("OIDC sign-in", () => {
  it("the providers endpoint offers it", async () => {
    const { status, body } = await callJson<AuthProvidersResponse>(stack.t.api, "GET", "/api/v1/auth/providers");
    expect(status).toBe(200);
    expect(body.oidc).toEqual({ name: "single sign-on", signInPath: "/api/v1/auth/oidc/start" });
  });

  it("an admin reads the settings to check at the provider, the redirect URI included and never the secret", async () => {
    const response = await fetch(`${stack.t.api}/api/v1/auth/sso`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as SsoSettingsResponse;
    expect(body.oidc).toMatchObject({
      issuer: stack.provider.issuer,
      clientId: "tracelight",
      roleClaim: "role",
      defaultRole: "viewer",
      redirectUri: stack.callbackUrl,
    });
    expect(body.oidc?.scopes).toContain("tracelight");
    expect(text).not.toMatch(/secret/i);
  });

  it("start redirects to the provider with PKCE (S256) and a state, and sets the state cookie", async () => {
    const started = await startSignIn(stack, "/traces");
    expect(started.status).toBe(302);
    const url = new URL(started.location ?? "");
    expect(url.origin).toBe(stack.provider.issuer);
    expect(url.searchParams.get("client_id")).toBe("tracelight");
    expect(url.searchParams.get("redirect_uri")).toBe(stack.callbackUrl);
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "email", "profile", "tracelight"]),
    );
    expect(started.cookie).toMatch(/tracelight\./);
  });

  it("the provider refuses a request without PKCE", async () => {
    const started = await startSignIn(stack);
    const url = new URL(started.location ?? "");
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    const refused = await headlessLogin(url.href, ada.sub, stack.callbackUrl);
    expect(refused.searchParams.get("error")).toBe("invalid_request");
    expect(refused.searchParams.get("error_description")).toMatch(/PKCE/);
    expect(refused.searchParams.has("code")).toBe(false);
  });

  it("the callback creates the user with the claim's role, sets the session and returns to returnTo", async () => {
    const outcome = await signIn(stack, ada.sub, "/traces");
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe("/traces");
    expect(outcome.cookie).toMatch(/tracelight\.session_token=/);
    const user = await signedIn(outcome.cookie);
    expect(user).toMatchObject({ email: ada.email, name: ada.name, role: "editor", disabled: false, signIn: ["oidc"] });
  });

  it("a later sign-in with a changed claim changes the role", async () => {
    bob.role = "viewer";
    expect((await signedIn((await signIn(stack, bob.sub)).cookie)).role).toBe("viewer");
    bob.role = "admin";
    const again = await signIn(stack, bob.sub);
    expect((await signedIn(again.cookie)).role).toBe("admin");
    bob.role = "nonsense";
    expect((await signedIn((await signIn(stack, bob.sub)).cookie)).role).toBe("viewer");
  });

  it("a sign-in is in the audit log as login.success with method oidc", async () => {
    await signIn(stack, ada.sub);
    const { body } = await callJson<{ entries: AuditEntry[] }>(
      stack.t.api,
      "GET",
      `/api/v1/audit?action=login.success&actor=${encodeURIComponent(ada.email)}`,
    );
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.entries[0]).toMatchObject({ actor: ada.email, outcome: "success", details: { method: "oidc" } });
  });

  it("a user disabled by an admin cannot sign in", async () => {
    const first = await signIn(stack, eve.sub);
    const { id } = await signedIn(first.cookie);
    const disabled = await callJson(stack.t.api, "PUT", `/api/v1/users/${id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    const refused = await signIn(stack, eve.sub);
    expect(refused.cookie).toBe("");
    const problem = new URL(refused.location ?? "", stack.t.api);
    expect(problem.pathname).toBe("/login");
    expect(problem.searchParams.getAll("error")).toEqual(["BANNED_USER"]);
    expect(problem.searchParams.get("error_description")).toBe("this account is disabled: ask an admin");
    expect(await me(stack, first.cookie)).toBe(401);
    const { body } = await callJson<{ entries: AuditEntry[] }>(
      stack.t.api,
      "GET",
      `/api/v1/audit?action=login.failure&actor=${encodeURIComponent(eve.email)}`,
    );
    expect(body.entries[0]).toMatchObject({ outcome: "failure", details: { method: "oidc", reason: "disabled" } });
  });

  it("an OIDC identity does not take over a password user with the same email", async () => {
    const outcome = await signIn(stack, mimic.sub);
    expect(outcome.cookie).toBe("");
    const problem = new URL(outcome.location ?? "", stack.t.api);
    expect(problem.pathname).toBe("/login");
    expect(problem.searchParams.getAll("error")).toEqual(["account not linked"]);
    const admin = await stack.t.service.db.prisma.user.findUniqueOrThrow({
      where: { email: stack.t.admin.email },
      include: { accounts: true },
    });
    expect(admin.role).toBe("admin");
    expect(admin.accounts.map((a) => a.providerId)).toEqual(["credential"]);
  });

  it("returnTo to another site lands on /", async () => {
    for (const returnTo of ["//evil.test", "https://evil.test/x", "/\\evil.test"]) {
      const outcome = await signIn(stack, ada.sub, returnTo);
      expect(outcome.location, returnTo).toBe("/");
      expect(outcome.cookie).toMatch(/session_token/);
    }
  });

  it("a tampered state makes no session", async () => {
    const started = await startSignIn(stack);
    const callback = await headlessLogin(started.location ?? "", ada.sub, stack.callbackUrl);
    callback.searchParams.set("state", `${callback.searchParams.get("state")}x`);
    const outcome = await finishSignIn(callback, started.cookie);
    expect(outcome.status).toBe(302);
    expect(outcome.cookie).toBe("");
    const problem = new URL(outcome.location ?? "", stack.t.api);
    expect(problem.pathname).toBe("/login");
    expect(problem.searchParams.getAll("error")).toEqual(["state_mismatch"]);
  });
});
