// @vitest-environment node
// requireUser() against real HTTP: a local server stands in for the api and answers /auth/me
// and /auth/providers as the test says; the browser's request headers are a mocked next/headers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const incoming = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => incoming.headers }));

let upstream: Server;
let me: { status: number; body: unknown };
let setupNeeded = false;
const seen: { url: string; cookie?: string; forwardedFor?: string }[] = [];
let session: typeof import("../src/server/session.ts");

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({
      url: req.url ?? "",
      cookie: req.headers.cookie,
      forwardedFor: req.headers["x-forwarded-for"] as string,
    });
    const answer =
      req.url === "/api/v1/auth/providers" ? { status: 200, body: { setupNeeded, password: true, oidc: null } } : me;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  process.env.TRACELIGHT_API_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // What next.config.ts's experimental.authInterrupts sets for forbidden().
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
  session = await import("../src/server/session.ts");
});

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const user = (role: string) => ({ user: { id: "u1", email: "a@example.com", role }, via: "session" });

/** Where requireUser sent the request: the digest Next reads from redirect() and forbidden(). */
async function outcome(minimum?: "editor" | "admin"): Promise<string> {
  try {
    const result = await session.requireUser(minimum);
    return `user ${result.user.role}`;
  } catch (error) {
    return (error as { digest?: string }).digest ?? String(error);
  }
}

function request(path: string) {
  incoming.headers = new Headers({
    cookie: "tracelight.session_token=abc",
    "x-forwarded-for": "203.0.113.5",
    "x-tracelight-path": path,
  });
}

describe("requireUser", () => {
  it("returns the user the browser's cookie belongs to, when the role is enough", async () => {
    request("/alerts");
    me = { status: 200, body: user("editor") };
    expect(await outcome("editor")).toBe("user editor");
    expect(seen.at(-1)).toEqual({
      url: "/api/v1/auth/me",
      cookie: "tracelight.session_token=abc",
      forwardedFor: "203.0.113.5",
    });
  });

  it("answers 403 when the role is too low", async () => {
    request("/settings/users");
    me = { status: 200, body: user("editor") };
    expect(await outcome("admin")).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
  });

  it("sends the signed-out to /login with the page to come back to, or to /setup before the first admin", async () => {
    request("/logs?q=timeout");
    me = { status: 401, body: { error: { code: "unauthenticated", message: "sign in" } } };
    expect(await outcome()).toMatch(/^NEXT_REDIRECT;replace;\/login\?returnTo=%2Flogs%3Fq%3Dtimeout;307;$/);
    setupNeeded = true;
    expect(await outcome()).toMatch(/^NEXT_REDIRECT;replace;\/setup;307;$/);
    setupNeeded = false;
  });

  it("fails loudly, naming the route, when the api answers neither a user nor 401", async () => {
    request("/");
    me = { status: 500, body: { error: { code: "internal", message: "database is locked" } } };
    await expect(session.requireUser()).rejects.toThrow("GET /api/v1/auth/me: the api answered HTTP 500");
  });
});
