// API tokens against the real service (SQLite metadata database): the secret is shown once and
// stored hashed, works as a Bearer on reads, writes and admin routes with the token's own role,
// and stops at once on revoke, at expiry, when its maker is disabled or deleted.
import { createHash } from "node:crypto";
import type { ApiError, TokenView } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";
import { asAdmin, bearer, callApi, createToken, createUser, signIn } from "./roles-callers.ts";

let t: TestService;

beforeAll(async () => {
  t = await startTestService({}, { roles: "query", anonymous: true });
});
afterAll(() => t?.close());

const status = async (token: string, method = "GET", path = "/api/v1/auth/me", body?: unknown) =>
  (await callApi(t, bearer(token), method, path, body)).status;

const silence = { matchers: [{ label: "service", value: "checkout" }], duration: "1h", comment: "token test" };

describe("creating and listing", () => {
  it("POST /tokens shows the tl_api_ secret once; the stored row holds its SHA-256, not the secret", async () => {
    const { id, token } = await createToken(t, "editor");
    expect(token).toMatch(/^tl_api_[A-Za-z0-9_-]{20,}$/);
    const row = await t.service.db.prisma.apikey.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.key).toBe(createHash("sha256").update(token).digest("base64url"));
  });

  it("GET /tokens lists name, role and maker, never a secret", async () => {
    const { id, token } = await createToken(t, "viewer");
    const response = await callApi(t, bearer(t.admin.token), "GET", "/api/v1/tokens");
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(token);
    expect(text).not.toContain(t.admin.token);
    const listed = (JSON.parse(text) as { tokens: TokenView[] }).tokens.find((view) => view.id === id);
    expect(listed).toMatchObject({ name: "viewer token", role: "viewer", createdBy: t.admin.email, expiresAt: null });
    expect(Object.keys(listed ?? {}).sort()).toEqual(
      ["createdAt", "createdBy", "expiresAt", "id", "lastUsedAt", "name", "role", "start"].sort(),
    );
  });

  it.each([
    [{ name: "x", role: "root" }, /^role: /],
    [
      { name: "x", role: "viewer", expiresAt: new Date(Date.now() - 60_000).toISOString() },
      /^expiresAt: must be in the future/,
    ],
    [{ name: "", role: "viewer" }, /^name: /],
  ])("POST /tokens %j → 400 naming the field", async (body, message) => {
    const response = await callApi(t, bearer(t.admin.token), "POST", "/api/v1/tokens", body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as ApiError;
    expect(answer.error.code).toBe("bad_request");
    expect(answer.error.message).toMatch(message);
  });
});

describe("a Bearer token on every kind of route, with its own role", () => {
  it("a viewer token reads; an editor token writes; an admin token manages users", async () => {
    const viewer = (await createToken(t, "viewer")).token;
    const editor = (await createToken(t, "editor")).token;
    expect(await status(viewer, "GET", "/api/v1/services")).toBe(200);
    expect(await status(editor, "POST", "/api/v1/silences", silence)).toBe(201);
    expect(await status(t.admin.token, "GET", "/api/v1/users")).toBe(200);
  });

  it("an admin's viewer token is a viewer: /auth/me says so, writes and admin routes answer 403", async () => {
    const viewer = (await createToken(t, "viewer")).token;
    const me = await callApi(t, bearer(viewer), "GET", "/api/v1/auth/me");
    expect(await me.json()).toMatchObject({ user: { email: t.admin.email, role: "viewer" }, via: "token" });
    expect(await status(viewer, "POST", "/api/v1/silences", silence)).toBe(403);
    expect(await status(viewer, "GET", "/api/v1/users")).toBe(403);
    expect(await status(viewer, "POST", "/api/v1/tokens", { name: "escalate", role: "admin" })).toBe(403);
  });

  it("a token never acts above its maker's current role: an admin's admin token demoted with them", async () => {
    const maker = await createUser(t, "admin");
    const { token } = await createToken(t, "admin", await signIn(t, maker.email, maker.password));
    expect(await status(token, "GET", "/api/v1/users")).toBe(200);
    await asAdmin(t, "PUT", `/api/v1/users/${maker.id}`, 200, { role: "editor" });
    expect(await status(token, "GET", "/api/v1/users")).toBe(403);
    expect(await status(token, "POST", "/api/v1/silences", silence)).toBe(201);
    const me = await callApi(t, bearer(token), "GET", "/api/v1/auth/me");
    expect(await me.json()).toMatchObject({ user: { email: maker.email, role: "editor" }, via: "token" });
  });

  it("a wrong secret, or one not shaped like a token, is 401", async () => {
    const { token } = await createToken(t, "admin");
    expect(await status(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBe(401);
    expect(await status(token.replace(/^tl_api_/, "tl_ing_"))).toBe(401);
  });
});

describe("when a token stops working", () => {
  it("DELETE /tokens/:id → 401 on the next request, and gone from the list", async () => {
    const { id, token } = await createToken(t, "admin");
    expect(await status(token)).toBe(200);
    await asAdmin(t, "DELETE", `/api/v1/tokens/${id}`, 204);
    expect(await status(token)).toBe(401);
    const { tokens } = await asAdmin<{ tokens: TokenView[] }>(t, "GET", "/api/v1/tokens", 200);
    expect(tokens.map((view) => view.id)).not.toContain(id);
    await asAdmin(t, "DELETE", `/api/v1/tokens/${id}`, 404);
  });

  it("a token with expiresAt 2 s ahead works until then, and is 401 after", async () => {
    const expiresAt = Date.now() + 2_000;
    const { id, token } = await createToken(t, "viewer", bearer(t.admin.token), {
      expiresAt: new Date(expiresAt).toISOString(),
    });
    expect(await status(token)).toBe(200);
    const row = await t.service.db.prisma.apikey.findUniqueOrThrow({ where: { id } });
    // The plugin keeps whole seconds from now.
    expect(row.expiresAt?.getTime()).toBeGreaterThanOrEqual(expiresAt);
    expect(row.expiresAt?.getTime()).toBeLessThanOrEqual(expiresAt + 1_500);
    const refusedAt = await until("the expired token refused", async () =>
      (await status(token)) === 401 ? Date.now() : undefined,
    );
    expect(refusedAt).toBeGreaterThanOrEqual(expiresAt);
  });

  it("disabling the maker refuses their tokens (enabling them again restores them); deleting the maker deletes them but not their ingest keys", async () => {
    const maker = await createUser(t, "admin");
    const session = await signIn(t, maker.email, maker.password);
    const { id, token } = await createToken(t, "editor", session);
    expect(await status(token)).toBe(200);

    await asAdmin(t, "PUT", `/api/v1/users/${maker.id}`, 200, { disabled: true });
    expect(await status(token)).toBe(401);
    await asAdmin(t, "PUT", `/api/v1/users/${maker.id}`, 200, { disabled: false });
    expect(await status(token)).toBe(200);

    // Disabling signed the maker out: a new session for the ingest key.
    const again = await signIn(t, maker.email, maker.password);
    const ingestKey = await fetch(`${t.api}/api/v1/ingest-keys`, {
      method: "POST",
      headers: { ...again, "content-type": "application/json" },
      body: JSON.stringify({ name: "collector" }),
    });
    expect(ingestKey.status).toBe(201);
    const { id: ingestKeyId } = (await ingestKey.json()) as { id: string };

    await asAdmin(t, "DELETE", `/api/v1/users/${maker.id}`, 204);
    expect(await status(token)).toBe(401);
    expect(await t.service.db.prisma.apikey.count({ where: { id } })).toBe(0);
    // The ingest key serves collectors, not its maker: it stays, now the deleting admin's.
    const kept = await t.service.db.prisma.apikey.findUniqueOrThrow({ where: { id: ingestKeyId } });
    const admin = await t.service.db.prisma.user.findUniqueOrThrow({ where: { email: t.admin.email } });
    expect(kept.referenceId).toBe(admin.id);
  });
});
