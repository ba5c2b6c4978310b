// The first admin against the real service: on an empty database /auth/providers asks for setup,
// POST /auth/setup makes the admin and signs them in, once; TRACELIGHT_ADMIN_EMAIL/_PASSWORD
// make it at start instead, and a restart with the same environment neither fails nor makes a
// second one.
import type { AuditEntry, AuthProvidersResponse, MeResponse } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir, startTestService, type TestService } from "../helpers/service.ts";
import { call, login } from "./login-cookie.ts";

const SETUP = { email: "First@Tracelight.test", name: "First Admin", password: "first-admin-password" };

describe("first run (/setup)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({}, { roles: "query", noAdmin: true });
  });
  afterAll(() => t?.close());

  it("providers say setup is needed; nothing else answers without a session", async () => {
    const providers = await call<AuthProvidersResponse>(t, {}, "GET", "/api/v1/auth/providers");
    expect(providers).toMatchObject({ status: 200, body: { setupNeeded: true, password: true, oidc: null } });
    expect((await call(t, {}, "GET", "/api/v1/auth/me")).status).toBe(401);
    expect((await call(t, {}, "GET", "/api/v1/alert-rules")).status).toBe(401);
  });

  it("a bad body is 400 naming the field, and makes nobody", async () => {
    const badEmail = await call(t, {}, "POST", "/api/v1/auth/setup", { ...SETUP, email: "not-an-email" });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.message).toMatch(/^email: /);
    const badPassword = await call(t, {}, "POST", "/api/v1/auth/setup", { ...SETUP, password: "short" });
    expect(badPassword.status).toBe(400);
    expect(badPassword.body.error.message).toBe("password: at least 10 characters");
    expect(await t.service.db.prisma.user.count()).toBe(0);
  });

  it("setups at the same moment make one admin; the others are 409", async () => {
    const answers = await Promise.all(
      ["a", "b", "c"].map((who) =>
        call(t, {}, "POST", "/api/v1/auth/setup", { ...SETUP, email: `${who}@tracelight.test` }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(await t.service.db.prisma.user.count()).toBe(1);
    // For the next test: the one made here goes, so setup is needed again.
    await t.service.db.prisma.user.deleteMany();
  });

  it("setup makes the admin and signs them in; a second setup is 409", async () => {
    const made = await call<MeResponse>(t, {}, "POST", "/api/v1/auth/setup", SETUP);
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ email: "first@tracelight.test", name: "First Admin", role: "admin" });
    const cookie = made.setCookies.map((line) => line.split(";")[0]).join("; ");
    const me = await call<MeResponse>(t, { cookie }, "GET", "/api/v1/auth/me");
    expect(me.body).toMatchObject({ user: { email: "first@tracelight.test", role: "admin" }, via: "session" });

    const providers = await call<AuthProvidersResponse>(t, {}, "GET", "/api/v1/auth/providers");
    expect(providers.body.setupNeeded).toBe(false);
    const again = await call(t, {}, "POST", "/api/v1/auth/setup", { ...SETUP, email: "second@tracelight.test" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(await t.service.db.prisma.user.count()).toBe(1);

    const audit = await call<{ entries: AuditEntry[] }>(
      t,
      { cookie },
      "GET",
      "/api/v1/audit?action=user.create&actor=first@tracelight.test",
    );
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        actor: "first@tracelight.test",
        targetName: "first@tracelight.test",
        outcome: "success",
      }),
    ]);
  });
});

describe("TRACELIGHT_ADMIN_EMAIL and _PASSWORD", () => {
  const env = { TRACELIGHT_ADMIN_EMAIL: "Ops@Tracelight.test", TRACELIGHT_ADMIN_PASSWORD: "ops-admin-password" };
  let dataDir: string;
  let t: TestService | undefined;
  beforeAll(async () => {
    dataDir = await freshDataDir();
  });
  afterAll(() => t?.close());

  it("make the admin at start; a restart with the same environment keeps the one admin", async () => {
    t = await startTestService(env, { roles: "query", noAdmin: true, dataDir });
    expect((await call<AuthProvidersResponse>(t, {}, "GET", "/api/v1/auth/providers")).body.setupNeeded).toBe(false);
    expect((await login(t, "ops@tracelight.test", env.TRACELIGHT_ADMIN_PASSWORD)).status).toBe(200);
    const first = await t.service.db.prisma.user.findMany();
    expect(first.map((u) => [u.email, u.role])).toEqual([["ops@tracelight.test", "admin"]]);
    await t.close({ keepData: true });
    t = undefined;

    t = await startTestService(env, { roles: "query", noAdmin: true, dataDir });
    const after = await t.service.db.prisma.user.findMany();
    expect(after.map((u) => u.id)).toEqual(first.map((u) => u.id));
    const me = await login(t, "ops@tracelight.test", env.TRACELIGHT_ADMIN_PASSWORD);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { role: "admin" } });
  });
});
