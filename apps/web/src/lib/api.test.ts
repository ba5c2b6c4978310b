// A 401 from the api means the session is gone: the browser goes to the sign-in page once,
// coming back to where it was, except when the 401 answers a password check.
import { afterEach, beforeEach, expect, it, vi } from "vitest";

let api: typeof import("./api.ts");
let assign: ReturnType<typeof vi.fn<(href: string) => void>>;

beforeEach(async () => {
  vi.resetModules();
  api = await import("./api.ts");
  assign = vi.fn<(href: string) => void>();
  api.browser.assign = assign;
  vi.stubGlobal(
    "fetch",
    async () =>
      new Response(JSON.stringify({ error: { code: "unauthenticated", message: "sign in" } }), { status: 401 }),
  );
  window.history.replaceState(null, "", "/alerts?state=firing");
});

afterEach(() => vi.unstubAllGlobals());

it("sends the browser to /login with returnTo once, however many requests fail", async () => {
  const failures = await Promise.allSettled([api.apiGet("/alerts"), api.apiGet("/alert-rules")]);
  expect(failures.map((f) => f.status)).toEqual(["rejected", "rejected"]);
  expect((failures[0] as PromiseRejectedResult).reason).toMatchObject({ status: 401, code: "unauthenticated" });
  await api.apiSend("DELETE", "/silences/s1").catch(() => undefined);
  expect(assign.mock.calls).toEqual([["/login?returnTo=%2Falerts%3Fstate%3Dfiring"]]);
});

it("stays on the page when the 401 is a wrong password", async () => {
  await api.apiSend("POST", "/auth/login", { email: "a@b.c", password: "x" }).catch(() => undefined);
  await api.apiSend("POST", "/auth/password", { currentPassword: "x", newPassword: "y" }).catch(() => undefined);
  expect(assign).not.toHaveBeenCalled();
});

it("does not send the sign-in page to itself", async () => {
  window.history.replaceState(null, "", "/login?returnTo=%2Fx");
  await api.apiGet("/auth/me").catch(() => undefined);
  expect(assign).not.toHaveBeenCalled();
});
