// Users administration through /api/v1/users against the real service: the life of a user
// (create, list, role, disable and enable, password reset, delete) with what each does to their
// sessions, the rules that keep an enabled admin, and the refusals (duplicate email, bad bodies).
import type { ApiError, UserView } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";
import { call, login } from "./login-cookie.ts";
import { asAdmin, createUser, signIn } from "./roles-callers.ts";

let t: TestService;
let adminId: string;
beforeAll(async () => {
  t = await startTestService({}, { roles: "query" });
  adminId = (await t.service.db.prisma.user.findUniqueOrThrow({ where: { email: t.admin.email } })).id;
});
afterAll(() => t?.close());

const me = async (cookie: string) => (await call(t, { cookie }, "GET", "/api/v1/auth/me")).status;
const refusal = async (method: string, path: string, body?: unknown) => call<ApiError>(t, {}, method, path, body);

describe("a user's life", () => {
  it("create, list, change name and role; the password is stored as argon2id", async () => {
    const made = await asAdmin<UserView>(t, "POST", "/api/v1/users", 201, {
      email: "Casey@Tracelight.test",
      name: "Casey",
      role: "viewer",
      password: "casey-password-1",
    });
    expect(made).toMatchObject({ email: "casey@tracelight.test", name: "Casey", role: "viewer", disabled: false });
    expect(made.signIn).toEqual(["password"]);
    const list = await asAdmin<{ users: UserView[] }>(t, "GET", "/api/v1/users", 200);
    expect(list.users.map((u) => u.email)).toEqual(["admin@tracelight.test", "casey@tracelight.test"]);

    const credential = await t.service.db.prisma.account.findFirstOrThrow({
      where: { userId: made.id, providerId: "credential" },
    });
    expect(credential.password).toMatch(/^\$argon2id\$/);
    expect(credential.password).not.toContain("casey-password-1");

    const changed = await asAdmin<UserView>(t, "PUT", `/api/v1/users/${made.id}`, 200, {
      name: "Casey J",
      role: "editor",
    });
    expect(changed).toMatchObject({ id: made.id, name: "Casey J", role: "editor" });
    const { cookie } = await signIn(t, made.email, "casey-password-1");
    expect((await call(t, { cookie }, "GET", "/api/v1/auth/me")).body).toMatchObject({ user: { role: "editor" } });
  });

  it("disabling signs the user out and keeps them out; enabling lets them back in", async () => {
    const user = await createUser(t, "editor", "dana@tracelight.test");
    const { cookie } = await signIn(t, user.email, user.password);
    expect(await me(cookie)).toBe(200);

    const disabled = await asAdmin<UserView>(t, "PUT", `/api/v1/users/${user.id}`, 200, { disabled: true });
    expect(disabled.disabled).toBe(true);
    expect(await me(cookie)).toBe(401);
    expect(await t.service.db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await login(t, user.email, user.password)).status).toBe(403);

    await asAdmin(t, "PUT", `/api/v1/users/${user.id}`, 200, { disabled: false });
    expect((await login(t, user.email, user.password)).status).toBe(200);
  });

  it("a password reset signs the user out; only the new password works", async () => {
    const user = await createUser(t, "viewer", "eli@tracelight.test");
    const { cookie } = await signIn(t, user.email, user.password);
    await asAdmin(t, "PUT", `/api/v1/users/${user.id}`, 200, { password: "eli-new-password" });
    expect(await me(cookie)).toBe(401);
    expect((await login(t, user.email, user.password)).status).toBe(401);
    const fresh = await login(t, user.email, "eli-new-password");
    expect(fresh.status).toBe(200);
    expect(await me(fresh.cookie)).toBe(200);
  });

  it("delete: the user is gone, signed out, and cannot sign in; a second delete is 404", async () => {
    const user = await createUser(t, "viewer", "finn@tracelight.test");
    const { cookie } = await signIn(t, user.email, user.password);
    await asAdmin(t, "DELETE", `/api/v1/users/${user.id}`, 204);
    expect(await me(cookie)).toBe(401);
    expect((await login(t, user.email, user.password)).status).toBe(401);
    const list = await asAdmin<{ users: UserView[] }>(t, "GET", "/api/v1/users", 200);
    expect(list.users.map((u) => u.id)).not.toContain(user.id);
    expect((await refusal("DELETE", `/api/v1/users/${user.id}`)).status).toBe(404);
    expect((await refusal("PUT", `/api/v1/users/${user.id}`, { name: "x" })).status).toBe(404);
  });
});

describe("an enabled admin always remains", () => {
  it("the last enabled admin cannot be demoted, disabled or deleted; an admin cannot delete themselves", async () => {
    for (const change of [{ role: "editor" }, { role: "viewer" }, { disabled: true }]) {
      const refused = await refusal("PUT", `/api/v1/users/${adminId}`, change);
      expect(refused.status, JSON.stringify(change)).toBe(409);
      expect(refused.body.error.message).toMatch(/last enabled admin/);
    }
    const self = await refusal("DELETE", `/api/v1/users/${adminId}`);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/yourself/);

    // A second admin who is disabled does not count.
    const second = await createUser(t, "admin", "second-admin@tracelight.test");
    await asAdmin(t, "PUT", `/api/v1/users/${second.id}`, 200, { disabled: true });
    expect((await refusal("PUT", `/api/v1/users/${adminId}`, { role: "editor" })).status).toBe(409);
    // Deleting the last enabled admin is refused whoever asks (the façade, as the API's self check comes first).
    const asSecond = { userId: second.id, email: second.email, role: "admin" as const, via: "session" as const };
    await expect(t.service.accounts.users.delete(asSecond, adminId)).rejects.toMatchObject({ status: 409 });

    // Enabled, the second admin lets the first step down, and is then the last one.
    await asAdmin(t, "PUT", `/api/v1/users/${second.id}`, 200, { disabled: false });
    const secondSession = (await signIn(t, second.email, second.password)).cookie;
    const demoted = await call<UserView>(t, { cookie: secondSession }, "PUT", `/api/v1/users/${adminId}`, {
      role: "editor",
    });
    expect(demoted.status).toBe(200);
    const refused = await call<ApiError>(t, { cookie: secondSession }, "PUT", `/api/v1/users/${second.id}`, {
      disabled: true,
    });
    expect(refused.status).toBe(409);
    // Back as it was for the other tests.
    await call(t, { cookie: secondSession }, "PUT", `/api/v1/users/${adminId}`, { role: "admin" });
    await asAdmin(t, "DELETE", `/api/v1/users/${second.id}`, 204);
  });
});

describe("refusals", () => {
  it("a duplicate email is 409, whatever its case", async () => {
    const user = await createUser(t, "viewer", "gale@tracelight.test");
    const dup = await refusal("POST", "/api/v1/users", {
      email: "GALE@tracelight.test",
      name: "Gale 2",
      role: "viewer",
      password: "another-password",
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/^email: /);
    expect(await t.service.db.prisma.user.count({ where: { email: user.email } })).toBe(1);
  });

  it("bad bodies are 400 naming the field", async () => {
    const good = { email: "hal@tracelight.test", name: "Hal", role: "viewer", password: "hal-password-1" };
    const cases: [string, string, unknown, RegExp][] = [
      ["POST", "/api/v1/users", { ...good, email: "hal" }, /^email: /],
      ["POST", "/api/v1/users", { ...good, name: "" }, /^name: /],
      ["POST", "/api/v1/users", { ...good, role: "owner" }, /^role: /],
      ["POST", "/api/v1/users", { ...good, password: "short" }, /^password: at least 10/],
      ["POST", "/api/v1/users", { email: good.email, name: "Hal", role: "viewer" }, /^password: /],
      ["PUT", `/api/v1/users/${adminId}`, {}, /name, role, disabled or password/],
      ["PUT", `/api/v1/users/${adminId}`, { role: "root" }, /^role: /],
      ["PUT", `/api/v1/users/${adminId}`, { disabled: "yes" }, /^disabled: /],
      ["PUT", `/api/v1/users/${adminId}`, { password: "short" }, /^password: /],
    ];
    for (const [method, path, body, message] of cases) {
      const answer = await refusal(method, path, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "bad_request", message });
    }
    expect(await t.service.db.prisma.user.count({ where: { email: good.email } })).toBe(0);
  });
});
