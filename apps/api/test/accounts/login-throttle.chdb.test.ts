// Password sign-in limits and refusals against the real service: 5 failures lock one account
// (even the right password then gets 429), 20 failures from one address lock that address
// for every account but not other addresses (X-Forwarded-For is trusted from loopback, where
// the web app runs), a disabled user is told so, and a cross-origin cookie POST is refused
// before it does anything.
import type { AuditEntry } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";
import { call, login } from "./login-cookie.ts";
import { asAdmin, createUser, signIn } from "./roles-callers.ts";

let t: TestService;
beforeAll(async () => {
  t = await startTestService({}, { roles: "query" });
});
afterAll(() => t?.close());

const from = (address: string) => ({ "x-forwarded-for": address });

describe("per account", () => {
  it("5 wrong passwords → the 6th attempt is 429, even with the right password; other accounts go on", async () => {
    const victim = await createUser(t, "viewer", "victim@tracelight.test");
    const other = await createUser(t, "viewer", "bystander@tracelight.test");
    for (let i = 0; i < 5; i++) {
      // The typed case does not matter: the email is the account.
      const email = i % 2 === 0 ? victim.email : "Victim@Tracelight.test";
      expect((await login(t, email, `wrong-password-${i}`, from("10.0.1.1"))).status).toBe(401);
    }
    const refused = await login(t, victim.email, victim.password, from("10.0.1.2"));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: "too_many_requests", message: /this account/ } });
    expect(refused.setCookies).toEqual([]);
    expect((await login(t, other.email, other.password, from("10.0.1.1"))).status).toBe(200);

    const audit = await asAdmin<{ entries: AuditEntry[] }>(t, "GET", `/api/v1/audit?actor=${victim.email}`, 200);
    expect(audit.entries.map((e) => e.action)).toEqual(["login.throttled", ...Array(5).fill("login.failure")]);
  });
});

describe("per address", () => {
  it("20 failures across accounts from one address → 429 there for another account; another address gets in", async () => {
    const user = await createUser(t, "editor", "sprayed@tracelight.test");
    for (let i = 0; i < 20; i++) {
      expect((await login(t, `nobody-${i}@tracelight.test`, "guessed-password", from("10.0.2.1"))).status).toBe(401);
    }
    const refused = await login(t, user.email, user.password, from("10.0.2.1"));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: "too_many_requests", message: /this address/ } });
    expect((await login(t, user.email, user.password, from("10.0.2.2"))).status).toBe(200);
  });
});

describe("refusals", () => {
  it("a disabled user is 403 with a clear message; with a wrong password, just 401", async () => {
    const user = await createUser(t, "viewer", "disabled@tracelight.test");
    await asAdmin(t, "PUT", `/api/v1/users/${user.id}`, 200, { disabled: true });
    const refused = await login(t, user.email, user.password, from("10.0.3.1"));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "forbidden", message: /disabled/ } });
    expect(refused.setCookies).toEqual([]);
    // Whether an account is disabled is for those who know its password.
    const guessed = await login(t, user.email, "not-the-password", from("10.0.3.1"));
    expect(guessed.status).toBe(401);
    expect(guessed.body).toMatchObject({ error: { code: "unauthenticated", message: "wrong email or password" } });
  });

  it("a cross-origin cookie POST is 403 before it does anything", async () => {
    const { cookie } = await signIn(t, t.admin.email, t.admin.password);
    const crossSite = { cookie, origin: "http://evil.test", "sec-fetch-site": "cross-site" };
    const rule = {
      name: "from evil",
      query: { metric: "queue.depth", aggregation: "max", filters: {}, groupBy: [], window: "1m" },
      condition: { op: ">", threshold: 1, for: "1m" },
      severity: "info",
    };
    const rulesBefore = await t.service.db.prisma.alertRule.count();
    const tokensBefore = await t.service.db.prisma.apikey.count();
    for (const [path, body] of [
      ["/api/v1/alert-rules", rule],
      ["/api/v1/tokens", { name: "from evil", role: "admin" }],
    ] as const) {
      const refused = await call(t, crossSite, "POST", path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code).toBe("cross_origin");
    }
    // A cross-site page that hides its Origin is refused too.
    const hidden = await call(t, { cookie, "sec-fetch-site": "cross-site" }, "POST", "/api/v1/tokens", {
      name: "from evil",
      role: "admin",
    });
    expect(hidden.status).toBe(403);
    expect(await t.service.db.prisma.alertRule.count()).toBe(rulesBefore);
    expect(await t.service.db.prisma.apikey.count()).toBe(tokensBefore);
    // The same cookie from the app's own origin works: it was the origin that was refused.
    const same = await call(
      t,
      { cookie, origin: t.api, "sec-fetch-site": "same-origin" },
      "POST",
      "/api/v1/alert-rules",
      rule,
    );
    expect(same.status).toBe(201);
  });
});
