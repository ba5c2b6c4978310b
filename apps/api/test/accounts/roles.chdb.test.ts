// Every /api/v1 route against every role, on the real service with its accounts on SQLite and
// on PostgreSQL: 401 without credentials, 403 below the route's role, and through the guard
// otherwise (a 400 or 404 from the route itself counts as let through). The table is
// src/auth/route-access.ts; a route registered without a row, or a row without a route, fails.
import { rm } from "node:fs/promises";
import { type ApiError, type Role, roleAtLeast, roleRequirement } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedRoutes } from "../../src/auth/guard.ts";
import { type Access, ROUTE_RULES } from "../../src/auth/route-access.ts";
import { onSqliteAndPostgres } from "../helpers/metadata-databases.ts";
import { freshDataDir, startTestService, type TestService } from "../helpers/service.ts";
import { bearer, callApi, createToken, createUser, signIn } from "./roles-callers.ts";

const PORT = 4271;
const LOGOUT = "POST /api/v1/auth/logout";
// Signing out ends the callers' sessions, so that route goes last.
const ROUTES = Object.entries(ROUTE_RULES).sort(([a], [b]) => Number(a === LOGOUT) - Number(b === LOGOUT));

type Caller = "anonymous" | "viewer session" | "viewer token" | "editor session" | "admin token";
const ROLE_OF: Record<Caller, Role | null> = {
  anonymous: null,
  "viewer session": "viewer",
  "viewer token": "viewer",
  "editor session": "editor",
  "admin token": "admin",
};

function expected(access: Access, role: Role | null): "let through" | 401 | 403 {
  if (access === "public") return "let through";
  if (role === null) return 401;
  return access === "signed-in" || roleAtLeast(role, access) ? "let through" : 403;
}

/** A made-up value for each path parameter: the guard runs before the route looks it up. */
const pathOf = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => (name === "traceId" ? "0af7651916cd43dd8448eb211c80319c" : "made-up-id"));

/** The answer's text; the live tail's stream (it never ends by itself) is left unread. */
async function bodyText(response: Response): Promise<string> {
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) return response.text();
  await response.body?.cancel();
  return "";
}

// chDB takes one data directory per process: both databases' services share it.
let dataDir: string;
beforeAll(async () => {
  dataDir = await freshDataDir();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

onSqliteAndPostgres(
  { subject: "roles on every route", postgresPort: PORT, postgresDatabase: "tracelight_roles" },
  (name, url) =>
    describe(`roles on every /api/v1 route, accounts on ${name}`, () => {
      let t: TestService;
      let credentials: Record<Caller, Record<string, string>>;

      beforeAll(async () => {
        t = await startTestService({ DATABASE_URL: await url() }, { roles: "ingest,query", anonymous: true, dataDir });
        const viewer = await createUser(t, "viewer");
        const editor = await createUser(t, "editor");
        credentials = {
          anonymous: {},
          "viewer session": await signIn(t, viewer.email, viewer.password),
          "viewer token": bearer((await createToken(t, "viewer")).token),
          "editor session": await signIn(t, editor.email, editor.password),
          "admin token": bearer(t.admin.token),
        };
      });
      afterAll(async () => {
        await t?.close({ keepData: true });
      });

      it("every route the api registered under /api/v1 has a rule, and every rule a route", () => {
        expect([...guardedRoutes].sort()).toEqual(Object.keys(ROUTE_RULES).sort());
      });

      it.each(ROUTES)("%s", async (route, rule) => {
        const [method = "", url = ""] = route.split(" ");
        for (const [caller, role] of Object.entries(ROLE_OF) as [Caller, Role | null][]) {
          const response = await callApi(
            t,
            credentials[caller],
            method,
            pathOf(url),
            method === "GET" || method === "DELETE" ? undefined : {},
          );
          const want = expected(rule.access, role);
          const what = `${route} as ${caller}`;
          if (want === "let through") {
            const text = await bodyText(response);
            expect([401, 403], `${what}: ${response.status} ${text}`).not.toContain(response.status);
            expect(response.status, `${what}: ${text}`).toBeLessThan(500);
            expect(text, `${what} reached no route`).not.toContain("no route");
            continue;
          }
          const body = (await response.json()) as ApiError;
          expect(response.status, `${what}: ${JSON.stringify(body)}`).toBe(want);
          expect(body, what).toEqual({
            error: { code: want === 401 ? "unauthenticated" : "forbidden", message: expect.any(String) },
          });
          if (want === 403) expect(body.error.message).toContain(roleRequirement(rule.access as Role));
        }
      });

      describe("public routes", () => {
        it("GET /auth/providers says setup is done, password sign-in on, no OIDC", async () => {
          const response = await callApi(t, {}, "GET", "/api/v1/auth/providers");
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual({ setupNeeded: false, password: true, oidc: null });
        });

        it("POST /auth/setup is refused with 409 once a user exists", async () => {
          const body = { email: "late@tracelight.test", name: "Late", password: "late-password-long" };
          const response = await callApi(t, {}, "POST", "/api/v1/auth/setup", body);
          expect(response.status).toBe(409);
          expect(((await response.json()) as ApiError).error.code).toBe("conflict");
        });

        it("POST /auth/login: the right password → the user and an HttpOnly SameSite=Lax cookie; a wrong one → 401", async () => {
          const user = await createUser(t, "editor", `login-${name.toLowerCase()}@tracelight.test`);
          const right = await callApi(t, {}, "POST", "/api/v1/auth/login", {
            email: user.email,
            password: user.password,
          });
          expect(right.status).toBe(200);
          expect(await right.json()).toMatchObject({ user: { email: user.email, role: "editor" }, via: "session" });
          const session = right.headers.getSetCookie().find((line) => line.startsWith("tracelight."));
          expect(session).toMatch(/HttpOnly/i);
          expect(session).toMatch(/SameSite=Lax/i);

          const wrong = await callApi(t, {}, "POST", "/api/v1/auth/login", {
            email: user.email,
            password: "not-the-password",
          });
          expect(wrong.status).toBe(401);
          expect(((await wrong.json()) as ApiError).error.code).toBe("unauthenticated");
          expect(wrong.headers.getSetCookie()).toEqual([]);
        });

        it("GET /auth/oidc/start answers 404 while no OIDC provider is configured", async () => {
          const response = await callApi(t, {}, "GET", "/api/v1/auth/oidc/start?returnTo=/traces");
          expect(response.status).toBe(404);
          expect(await response.json()).toEqual({
            error: { code: "not_found", message: "no OpenID Connect provider is configured" },
          });
        });
      });
    }),
);
