// The audit log against the real service: every change to rules, channels, silences, users,
// tokens and ingest keys, and every sign-in, failure, refusal and sign-out, is an entry with who,
// what, which target (id and name), the outcome and the address; no secret is ever in one; the
// filters and `next` pages work.
import type { AuditEntry, Channel, CreatedSecret, Silence, UserView } from "@tracelight/contracts";
import { startWebhookReceiver, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_RULE } from "../fixtures/queue-rule.ts";
import { startTestService, type TestService } from "../helpers/service.ts";
import { call, login } from "./login-cookie.ts";
import { bearer } from "./roles-callers.ts";

const ADDRESS = "10.20.30.40";
const RULE = QUEUE_RULE;
// Secrets that must never reach an entry.
const USER_PASSWORD = "audited-user-password";
const RESET_PASSWORD = "audited-reset-password";
const CHANNEL_SECRET = "chan-secret-in-url";

let t: TestService;
let receiver: WebhookReceiver;
type Made = "rule" | "ruleRenamed" | "channel" | "silence" | "user" | "token" | "key";
/** What beforeAll changed, to find in the log. */
const made = {} as Record<Made, { id: string; name: string }>;
const secrets: string[] = [USER_PASSWORD, RESET_PASSWORD, CHANNEL_SECRET];

/** A change as the test admin (token) from ADDRESS; fails unless it answers `status`. */
async function change<T>(method: string, path: string, status: number, body?: unknown): Promise<T> {
  const answer = await call<T>(t, { ...bearer(t.admin.token), "x-forwarded-for": ADDRESS }, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer.body;
}

async function audit(query = ""): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const answer = await call<{ entries: AuditEntry[]; next: string | null }>(t, {}, "GET", `/api/v1/audit${query}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  t = await startTestService({}, { roles: "query" });
  receiver = await startWebhookReceiver();
  secrets.push(t.admin.token);

  const rule = await change<{ id: string }>("POST", "/api/v1/alert-rules", 201, RULE);
  made.rule = { id: rule.id, name: RULE.name };
  await change("PUT", `/api/v1/alert-rules/${rule.id}`, 200, { ...RULE, name: "queue much too deep" });
  made.ruleRenamed = { id: rule.id, name: "queue much too deep" };
  await change("DELETE", `/api/v1/alert-rules/${rule.id}`, 204);

  const url = receiver.url.replace("http://", `http://ops:${CHANNEL_SECRET}@`);
  const channel = await change<Channel>("POST", "/api/v1/channels", 201, { name: "ops", type: "webhook", url });
  made.channel = { id: channel.id, name: "ops" };
  await change("PUT", `/api/v1/channels/${channel.id}`, 200, { name: "ops-2", type: "webhook", url });
  await change("POST", `/api/v1/channels/${channel.id}/test`, 202);
  await change("DELETE", `/api/v1/channels/${channel.id}`, 204);

  const silence = await change<Silence>("POST", "/api/v1/silences", 201, {
    matchers: [{ label: "service.name", op: "=", value: "checkout" }],
    duration: "1h",
    comment: "deploy window",
    createdBy: "ana",
  });
  made.silence = { id: silence.id, name: "deploy window" };
  await change("DELETE", `/api/v1/silences/${silence.id}`, 200);

  const user = await change<UserView>("POST", "/api/v1/users", 201, {
    email: "audited@tracelight.test",
    name: "Audited",
    role: "viewer",
    password: USER_PASSWORD,
  });
  made.user = { id: user.id, name: user.email };
  await change("PUT", `/api/v1/users/${user.id}`, 200, { role: "editor", password: RESET_PASSWORD });

  const token = await change<CreatedSecret>("POST", "/api/v1/tokens", 201, { name: "ci", role: "editor" });
  secrets.push(token.token);
  made.token = { id: token.id, name: "ci" };
  await change("DELETE", `/api/v1/tokens/${token.id}`, 204);
  const key = await change<CreatedSecret>("POST", "/api/v1/ingest-keys", 201, { name: "agents" });
  secrets.push(key.token);
  made.key = { id: key.id, name: "agents" };
  await change("DELETE", `/api/v1/ingest-keys/${key.id}`, 204);

  // Sign-ins from ADDRESS: a success and its sign-out, failures up to the limit, then a refusal.
  const signedIn = await login(t, user.email, RESET_PASSWORD, { "x-forwarded-for": ADDRESS });
  expect(signedIn.status).toBe(200);
  expect(
    (await call(t, { cookie: signedIn.cookie, "x-forwarded-for": ADDRESS }, "POST", "/api/v1/auth/logout")).status,
  ).toBe(204);
  for (let i = 0; i < 5; i++) {
    expect((await login(t, user.email, `${USER_PASSWORD}-${i}`, { "x-forwarded-for": ADDRESS })).status).toBe(401);
  }
  expect((await login(t, user.email, RESET_PASSWORD, { "x-forwarded-for": ADDRESS })).status).toBe(429);

  await change("DELETE", `/api/v1/users/${user.id}`, 204);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe("entries", () => {
  it("every change names who, what, which target, the outcome and the address", async () => {
    const { entries } = await audit("?limit=500");
    const admin = t.admin.email;
    const expected: [string, string, { id: string; name: string }][] = [
      ["rule.create", admin, made.rule],
      ["rule.update", admin, made.ruleRenamed],
      ["rule.delete", admin, made.ruleRenamed],
      ["channel.create", admin, made.channel],
      ["channel.update", admin, { id: made.channel.id, name: "ops-2" }],
      ["channel.test", admin, { id: made.channel.id, name: "ops-2" }],
      ["channel.delete", admin, { id: made.channel.id, name: "ops-2" }],
      ["silence.create", admin, made.silence],
      ["silence.delete", admin, made.silence],
      ["user.create", admin, made.user],
      ["user.update", admin, made.user],
      ["user.delete", admin, made.user],
      ["token.create", admin, made.token],
      ["token.revoke", admin, made.token],
      ["ingest_key.create", admin, made.key],
      ["ingest_key.revoke", admin, made.key],
    ];
    for (const [action, actor, target] of expected) {
      const entry = entries.find((e) => e.action === action);
      expect(entry, action).toBeDefined();
      expect.soft(entry, action).toMatchObject({
        actor,
        targetId: target.id,
        targetName: target.name,
        outcome: "success",
        ipAddress: ADDRESS,
      });
    }
    const update = entries.find((e) => e.action === "user.update");
    expect(update?.details).toMatchObject({ changed: expect.arrayContaining(["role", "password"]), role: "editor" });
  });

  it("sign-ins, failures, refusals and sign-outs, each with the address", async () => {
    const { entries } = await audit("?actor=audited@tracelight.test&action=login");
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ["login.throttled", "failure"],
      ...Array(5).fill(["login.failure", "failure"]),
      ["login.success", "success"],
    ]);
    expect(entries.every((e) => e.ipAddress === ADDRESS)).toBe(true);
    const [logout] = (await audit("?action=logout")).entries;
    expect(logout).toMatchObject({ actor: "audited@tracelight.test", outcome: "success", ipAddress: ADDRESS });
  });

  it("no secret is in any entry", async () => {
    const text = JSON.stringify((await audit("?limit=500")).entries);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(t.admin.password);
  });
});

describe("reading", () => {
  it("filters by action family, exact action and actor", async () => {
    const family = (await audit("?action=rule")).entries.map((e) => e.action);
    expect(family).toEqual(["rule.delete", "rule.update", "rule.create"]);
    expect((await audit("?action=rule.create")).entries.map((e) => e.action)).toEqual(["rule.create"]);
    // A family is a whole word: "rule" is not "rules" nor "ru".
    expect((await audit("?action=ru")).entries).toEqual([]);
    const byAdmin = (await audit(`?actor=${t.admin.email.toUpperCase()}&limit=500`)).entries;
    expect(byAdmin.length).toBeGreaterThanOrEqual(16);
    expect(new Set(byAdmin.map((e) => e.actor))).toEqual(new Set([t.admin.email]));
  });

  it("pages newest first with `next` until the end, each entry once", async () => {
    const all = (await audit("?limit=500")).entries.map((e) => e.id);
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page = await audit(`?limit=7${next ? `&before=${next}` : ""}`);
      expect(page.entries.length).toBeLessThanOrEqual(7);
      paged.push(...page.entries.map((e) => e.id));
      next = page.next;
    } while (next !== null);
    expect(paged).toEqual(all);
    const times = (await audit("?limit=500")).entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // After an entry that is gone (pruned), there is nothing older.
    expect(await audit("?before=gone")).toEqual({ entries: [], next: null });
  });

  it("bad queries are 400 naming the field", async () => {
    const answer = await call(t, {}, "GET", "/api/v1/audit?limit=0");
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^limit: /);
  });
});
