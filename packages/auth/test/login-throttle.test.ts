// Password sign-in limits counted from the audit log's failures, on a real SQLite database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../src/audit-log.ts";
import { DEFAULT_THROTTLE, LoginThrottle } from "../src/login-throttle.ts";

let dir: string;
let db: Database;
let audit: AuditLog;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracelight-auth-"));
  const url = `file:${join(dir, "tracelight.db")}`;
  await migrateDeploy(url);
  db = await openDatabase(url);
  audit = new AuditLog(db);
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.prisma.auditEvent.deleteMany();
});

const fail = (actor: string, ipAddress: string | null, action = "login.failure") =>
  audit.record({ actor, action, outcome: "failure", ipAddress });

describe("LoginThrottle", () => {
  const throttle = () => new LoginThrottle(audit);

  it("the defaults: 5 per account and 20 per address in 15 minutes", () => {
    expect(DEFAULT_THROTTLE).toEqual({ windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 });
  });

  it("per account: the 5th failure refuses the next attempt, from any address; other accounts go on", async () => {
    for (let i = 0; i < 4; i++) await fail("ana@tracelight.test", `10.0.0.${i}`);
    expect(await throttle().refusal("ana@tracelight.test", "10.0.9.9")).toBeNull();
    await fail("ana@tracelight.test", "10.0.0.4");
    expect(await throttle().refusal("ana@tracelight.test", "10.0.9.9")).toMatch(
      /for this account: try again in 15 minutes/,
    );
    expect(await throttle().refusal("ana@tracelight.test", null)).not.toBeNull();
    expect(await throttle().refusal("ben@tracelight.test", "10.0.0.1")).toBeNull();
  });

  it("per address: 20 failures across accounts refuse that address for every account, not other addresses", async () => {
    for (let i = 0; i < 19; i++) await fail(`user${i}@tracelight.test`, "192.0.2.7");
    expect(await throttle().refusal("new@tracelight.test", "192.0.2.7")).toBeNull();
    await fail("user19@tracelight.test", "192.0.2.7");
    expect(await throttle().refusal("new@tracelight.test", "192.0.2.7")).toMatch(/from this address/);
    expect(await throttle().refusal("new@tracelight.test", "192.0.2.8")).toBeNull();
    // No address known (not behind a trusted proxy): only the account limit applies.
    expect(await throttle().refusal("new@tracelight.test", null)).toBeNull();
  });

  it("only failures inside the window count", async () => {
    for (let i = 0; i < 5; i++) await fail("ana@tracelight.test", "10.0.0.1");
    const now = Date.now();
    expect(await throttle().refusal("ana@tracelight.test", null, new Date(now + 14 * 60_000))).not.toBeNull();
    expect(await throttle().refusal("ana@tracelight.test", null, new Date(now + 16 * 60_000))).toBeNull();
  });

  it("successes, refusals and other actions are not failures", async () => {
    for (let i = 0; i < 10; i++) {
      await fail("ana@tracelight.test", "10.0.0.1", "login.throttled");
      await audit.record({
        actor: "ana@tracelight.test",
        action: "login.success",
        outcome: "success",
        ipAddress: "10.0.0.1",
      });
      await fail("ana@tracelight.test", "10.0.0.1", "user.update");
    }
    expect(await throttle().refusal("ana@tracelight.test", "10.0.0.1")).toBeNull();
  });

  it("takes its own limits", async () => {
    const strict = new LoginThrottle(audit, { windowMs: 60_000, perAccount: 1, perAddress: 2 });
    await fail("ana@tracelight.test", "10.0.0.1");
    expect(await strict.refusal("ana@tracelight.test", "10.0.0.2")).toMatch(/try again in 1 minutes/);
    await fail("ben@tracelight.test", "10.0.0.1");
    expect(await strict.refusal("cy@tracelight.test", "10.0.0.1")).toMatch(/from this address/);
  });
});
