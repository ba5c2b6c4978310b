// The accounts routes under /api/v1 (sign-in, setup, sessions, users, API tokens, ingest
// keys, audit) and the one better-auth endpoint the browser must reach directly: the OIDC
// callback. Access rules: src/auth/route-access.ts.
import { AccountError, type Accounts, CLIENT_IP_HEADER, type Principal, type RequestContext } from "@tracelight/auth";
import {
  AuditQuerySchema,
  type AuthProvidersResponse,
  IngestKeyCreateBodySchema,
  LoginBodySchema,
  PasswordChangeBodySchema,
  SetupBodySchema,
  type SsoSettingsResponse,
  TokenCreateBodySchema,
  UserCreateBodySchema,
  UserUpdateBodySchema,
} from "@tracelight/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { describeZodError, HttpError } from "../query/errors.ts";
import { requestHeaders } from "./guard.ts";

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ReturnTo = z.object({ returnTo: z.string().max(2048).optional() });

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new HttpError(400, "bad_request", describeZodError(result.error, where));
  return result.data;
}

/** Only a path on this site: "/x" but not "//evil.test" or "https://evil.test". */
export function safeReturnTo(value: string | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

const context = (request: FastifyRequest): RequestContext => ({
  headers: requestHeaders(request),
  ipAddress: request.ip,
});
const principalOf = (request: FastifyRequest): Principal => {
  if (!request.principal) throw new HttpError(401, "unauthenticated", "sign in first");
  return request.principal;
};

/** Runs an Accounts call, turning its refusals into the API's error answers. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountError) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

const setCookies = (reply: FastifyReply, cookies: string[]) => {
  if (cookies.length > 0) reply.header("set-cookie", cookies);
};

export function registerAuthRoutes(api: FastifyInstance, accounts: Accounts): void {
  api.get("/auth/providers", async (): Promise<AuthProvidersResponse> => {
    const name = accounts.oidcDisplayName;
    return {
      setupNeeded: await accounts.setupNeeded(),
      password: true,
      oidc: name === undefined ? null : { name, signInPath: "/api/v1/auth/oidc/start" },
    };
  });

  // One setup at a time: setups racing past Accounts.setup's "no user yet" check made an admin each.
  let setupTurn: Promise<unknown> = Promise.resolve();
  api.post("/auth/setup", async (request, reply) => {
    const body = parse(SetupBodySchema, request.body, "body");
    const turn = setupTurn.then(() =>
      run(() => accounts.setup(body.email, body.name, body.password, context(request))),
    );
    setupTurn = turn.catch(() => {});
    const outcome = await turn;
    setCookies(reply, outcome.setCookies);
    reply.code(201);
    return { user: outcome.user, via: "session" };
  });

  api.post("/auth/login", async (request, reply) => {
    const body = parse(LoginBodySchema, request.body, "body");
    const outcome = await run(() => accounts.login(body.email, body.password, context(request)));
    setCookies(reply, outcome.setCookies);
    return { user: outcome.user, via: "session" };
  });

  api.get("/auth/oidc/start", async (request, reply) => {
    const { returnTo } = parse(ReturnTo, request.query, "query");
    const started = await run(() => accounts.oidcStart(safeReturnTo(returnTo), context(request)));
    setCookies(reply, started.setCookies);
    return reply.redirect(started.url, 302);
  });

  api.get("/auth/me", async (request) => {
    const principal = principalOf(request);
    return { user: await run(() => accounts.me(principal)), via: principal.via };
  });

  api.post("/auth/logout", async (request, reply) => {
    const outcome = await run(() => accounts.logout(principalOf(request), context(request)));
    setCookies(reply, outcome.setCookies);
    reply.code(204);
  });

  api.post("/auth/password", async (request, reply) => {
    const body = parse(PasswordChangeBodySchema, request.body, "body");
    await run(() =>
      accounts.changePassword(principalOf(request), body.currentPassword, body.newPassword, context(request)),
    );
    reply.code(204);
  });

  api.get("/auth/sessions", async (request) => ({ sessions: await accounts.sessions(principalOf(request)) }));

  api.delete("/auth/sessions/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    await run(() => accounts.revokeSession(principalOf(request), id));
    reply.code(204);
  });

  // Users

  api.get("/users", async () => ({ users: await accounts.users.list() }));

  api.post("/users", async (request, reply) => {
    const body = parse(UserCreateBodySchema, request.body, "body");
    reply.code(201);
    return run(() => accounts.users.create(principalOf(request), body));
  });

  api.put("/users/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const body = parse(UserUpdateBodySchema, request.body, "body");
    return run(() => accounts.users.update(principalOf(request), id, body));
  });

  api.delete("/users/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    if (id === principalOf(request).userId) throw new HttpError(409, "conflict", "you cannot delete yourself");
    await run(() => accounts.users.delete(principalOf(request), id));
    reply.code(204);
  });

  // API tokens and ingest keys

  api.get("/tokens", async () => ({ tokens: await accounts.keys.listTokens() }));

  api.post("/tokens", async (request, reply) => {
    const body = parse(TokenCreateBodySchema, request.body, "body");
    reply.code(201);
    return run(() => accounts.keys.createToken(principalOf(request), body));
  });

  api.delete("/tokens/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    await run(() => accounts.keys.revoke(principalOf(request), "api", id));
    reply.code(204);
  });

  api.get("/ingest-keys", async () => ({ keys: await accounts.keys.listIngestKeys() }));

  api.post("/ingest-keys", async (request, reply) => {
    const body = parse(IngestKeyCreateBodySchema, request.body, "body");
    reply.code(201);
    return run(() => accounts.keys.createIngestKey(principalOf(request), body));
  });

  api.delete("/ingest-keys/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    await run(() => accounts.keys.revoke(principalOf(request), "ingest", id));
    reply.code(204);
  });

  api.get("/auth/sso", async (): Promise<SsoSettingsResponse> => accounts.ssoSettings());

  api.get("/audit", async (request) => accounts.audit.list(parse(AuditQuerySchema, request.query, "query")));
}

/** better-auth's OIDC callback (/api/auth/sso/callback/oidc), bridged from Fastify to its Fetch handler. */
export function registerOidcCallback(app: FastifyInstance, accounts: Accounts): void {
  app.get("/api/auth/sso/callback/:providerId", async (request, reply) => {
    const headers = requestHeaders(request);
    headers.set(CLIENT_IP_HEADER, request.ip);
    const url = new URL(request.url, accounts.auth.options.baseURL as string);
    const response = await accounts.auth.handler(new Request(url, { method: "GET", headers }));
    reply.code(response.status);
    for (const name of ["location", "content-type", "cache-control"]) {
      const value = response.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    setCookies(reply, response.headers.getSetCookie());
    return reply.send(await response.text());
  });
}
