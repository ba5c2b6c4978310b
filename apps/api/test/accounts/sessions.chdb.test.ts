// Password sessions against the real service (SQLite metadata database): the cookie's
// attributes over http and https, /auth/me, sign-out, the session list and revoking another
// device, and a password change signing the other devices out.
import type { MeResponse, SessionView } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";
import { call, login } from "./login-cookie.ts";
import { createUser, signIn } from "./roles-callers.ts";

const attributes = (setCookie: string) =>
  setCookie
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());

describe("over http", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({}, { roles: "query" });
  });
  afterAll(() => t?.close());

  it("login sets an HttpOnly, SameSite=Lax, Path=/ cookie, not Secure; /auth/me answers with it", async () => {
    const answer = await login(t, t.admin.email, t.admin.password);
    expect(answer.status).toBe(200);
    expect((answer.body as MeResponse).user).toMatchObject({ email: t.admin.email, role: "admin" });
    const session = answer.setCookies.find((line) => line.startsWith("tracelight.session_token="));
    expect(session, answer.setCookies.join("\n")).toBeDefined();
    const attrs = attributes(session ?? "");
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("path=/");
    expect(attrs).not.toContain("secure");

    const me = await call<MeResponse>(t, { cookie: answer.cookie }, "GET", "/api/v1/auth/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: t.admin.email }, via: "session" });
  });

  it("a wrong password is 401 and sets no cookie", async () => {
    const answer = await login(t, t.admin.email, "not-the-password");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: "unauthenticated" } });
    expect(answer.setCookies).toEqual([]);
  });

  it("logout clears the cookie and the old cookie is then refused", async () => {
    const cookie = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const out = await call(t, { cookie: cookie }, "POST", "/api/v1/auth/logout");
    expect(out.status).toBe(204);
    const cleared = out.setCookies.find((line) => line.startsWith("tracelight.session_token="));
    expect(cleared).toMatch(/^tracelight\.session_token=;.*Max-Age=0/i);
    expect((await call(t, { cookie: cookie }, "GET", "/api/v1/auth/me")).status).toBe(401);
  });

  it("lists two sign-ins with the current one marked; revoking the other signs that device out", async () => {
    const laptop = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const phone = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const fromLaptop = await call<{ sessions: SessionView[] }>(t, { cookie: laptop }, "GET", "/api/v1/auth/sessions");
    expect(fromLaptop.status).toBe(200);
    const current = fromLaptop.body.sessions.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const fromPhone = await call<{ sessions: SessionView[] }>(t, { cookie: phone }, "GET", "/api/v1/auth/sessions");
    const phoneSession = fromPhone.body.sessions.find((s) => s.current);
    expect(phoneSession).toBeDefined();
    expect(phoneSession?.id).not.toBe(current[0]?.id);
    // Both devices appear in each list, with the address the request came from.
    const ids = fromLaptop.body.sessions.map((s) => s.id);
    expect(ids).toContain(current[0]?.id);
    expect(ids).toContain(phoneSession?.id);
    expect(phoneSession?.ipAddress).toBe("127.0.0.1");

    expect((await call(t, { cookie: laptop }, "DELETE", `/api/v1/auth/sessions/${phoneSession?.id}`)).status).toBe(204);
    expect((await call(t, { cookie: phone }, "GET", "/api/v1/auth/me")).status).toBe(401);
    expect((await call(t, { cookie: laptop }, "GET", "/api/v1/auth/me")).status).toBe(200);
    // Someone else's (or a gone) session is not found, not revoked.
    expect((await call(t, { cookie: laptop }, "DELETE", `/api/v1/auth/sessions/${phoneSession?.id}`)).status).toBe(404);
  });

  it("password change: wrong current → 400, right → 204; other sessions end; only the new password works", async () => {
    const { email, password } = await createUser(t, "viewer", "changer@tracelight.test");
    const here = (await signIn(t, email, password)).cookie;
    const elsewhere = (await signIn(t, email, password)).cookie;

    const wrong = await call(t, { cookie: here }, "POST", "/api/v1/auth/password", {
      currentPassword: "not-my-password",
      newPassword: "second-password-2",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/currentPassword/);
    const tooShort = await call(t, { cookie: here }, "POST", "/api/v1/auth/password", {
      currentPassword: password,
      newPassword: "short",
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toMatch(/newPassword/);

    const changed = await call(t, { cookie: here }, "POST", "/api/v1/auth/password", {
      currentPassword: password,
      newPassword: "second-password-2",
    });
    expect(changed.status).toBe(204);
    expect((await call(t, { cookie: elsewhere }, "GET", "/api/v1/auth/me")).status).toBe(401);
    expect((await login(t, email, password)).status).toBe(401);
    expect((await login(t, email, "second-password-2")).status).toBe(200);
  });
});

describe("behind https (TRACELIGHT_PUBLIC_URL)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ TRACELIGHT_PUBLIC_URL: "https://tracelight.example.com" }, { roles: "query" });
  });
  afterAll(() => t?.close());

  it("the session cookie is Secure", async () => {
    const answer = await login(t, t.admin.email, t.admin.password);
    expect(answer.status).toBe(200);
    const session = answer.setCookies.find((line) => line.includes("tracelight.session_token="));
    expect(session, answer.setCookies.join("\n")).toBeDefined();
    const attrs = attributes(session ?? "");
    expect(attrs).toContain("secure");
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    const me = await call<MeResponse>(t, { cookie: answer.cookie }, "GET", "/api/v1/auth/me");
    expect(me.status).toBe(200);
  });
});
