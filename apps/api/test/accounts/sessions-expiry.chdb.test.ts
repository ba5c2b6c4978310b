// Session expiry against the real service: an idle session ends after
// TRACELIGHT_SESSION_IDLE_HOURS without use, and a session in constant use still ends at
// TRACELIGHT_SESSION_MAX_DAYS. Both set to seconds here (the schema takes any positive number).
import type { SessionView } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/service.ts";
import { call } from "./login-cookie.ts";
import { signIn } from "./roles-callers.ts";

const sessions = async (t: TestService, cookie: string) => {
  const answer = await call<{ sessions: SessionView[] }>(t, { cookie: cookie }, "GET", "/api/v1/auth/sessions");
  expect(answer.status).toBe(200);
  return answer.body.sessions;
};
const me = async (t: TestService, cookie: string) =>
  (await call(t, { cookie: cookie }, "GET", "/api/v1/auth/me")).status;

describe("idle expiry (TRACELIGHT_SESSION_IDLE_HOURS=0.001, 3.6 s)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ TRACELIGHT_SESSION_IDLE_HOURS: "0.001" }, { roles: "query" });
  });
  afterAll(() => t?.close());

  it("a session left alone ends; one in use stays", async () => {
    const idle = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const busy = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const started = Date.now();
    const idleId = (await sessions(t, idle)).find((s) => s.current)?.id;
    expect(idleId).toBeDefined();
    // Only the busy session is used (every request extends the session it carries): it watches
    // the idle one drop out of the user's live sessions.
    await until("the idle session to expire", async () => {
      await new Promise((r) => setTimeout(r, 250));
      const live = await sessions(t, busy);
      return live.some((s) => s.id === idleId) ? undefined : true;
    });
    expect(Date.now() - started).toBeGreaterThan(3000);
    expect(await me(t, idle)).toBe(401);
    expect(await me(t, busy)).toBe(200);
  });
});

describe("absolute expiry (TRACELIGHT_SESSION_MAX_DAYS=0.00005, 4.3 s)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ TRACELIGHT_SESSION_MAX_DAYS: "0.00005" }, { roles: "query" });
  });
  afterAll(() => t?.close());

  it("a session in constant use still ends", async () => {
    const cookie = (await signIn(t, t.admin.email, t.admin.password)).cookie;
    const started = Date.now();
    await until("the session to reach its absolute end", async () => {
      await new Promise((r) => setTimeout(r, 250));
      return (await me(t, cookie)) === 401 ? true : undefined;
    });
    expect(Date.now() - started).toBeGreaterThan(3500);
    // Over for good, and a new sign-in works.
    expect(await me(t, cookie)).toBe(401);
    expect(await me(t, (await signIn(t, t.admin.email, t.admin.password)).cookie)).toBe(200);
  });
});
