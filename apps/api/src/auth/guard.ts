// Enforces src/auth/route-access.ts on every /api/v1 route: who the caller is (session cookie
// or API token), 401 without credentials, 403 with too low a role, both in the API's error
// shape; then records each successful change in the audit log.
import type { Accounts, Principal } from "@tracelight/auth";
import { roleAtLeast, roleRequirement } from "@tracelight/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { log } from "../log.ts";
import { type Access, ruleFor } from "./route-access.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling; null on public routes and outside /api/v1. */
    principal: Principal | null;
    /** Set by a route that knows its target's name better than its answer does (deletes). */
    auditTargetName?: string;
  }
  interface FastifyContextConfig {
    access?: Access;
    audit?: string;
  }
}

const API_PREFIX = "/api/v1/";

/**
 * Every /api/v1 route an api server in this process registered, keyed like ROUTE_RULES (HEAD
 * as GET): the role test (test/accounts/roles.chdb.test.ts) finds stale rules with it.
 */
export const guardedRoutes = new Set<string>();

export function requestHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

export function installGuard(app: FastifyInstance, accounts: Accounts): void {
  app.decorateRequest("principal", null);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith(API_PREFIX)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      guardedRoutes.add(`${method === "HEAD" ? "GET" : method} ${route.url}`);
      const rule = ruleFor(method, route.url);
      if (rule === undefined) {
        throw new Error(`${method} ${route.url} has no access rule: add it to apps/api/src/auth/route-access.ts`);
      }
      route.config = { ...route.config, access: rule.access, ...(rule.audit ? { audit: rule.audit } : {}) };
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === "public") return;
    const principal = await accounts.authenticate(requestHeaders(request));
    if (principal === null) {
      return reply.code(401).send({
        error: { code: "unauthenticated", message: "sign in, or send `Authorization: Bearer <API token>`" },
      });
    }
    // The address goes with the caller, so the accounts' own audit entries record it too.
    request.principal = { ...principal, ipAddress: request.ip };
    if (access !== "signed-in" && !roleAtLeast(principal.role, access)) {
      return reply.code(403).send({
        error: {
          code: "forbidden",
          message: `${request.method} ${request.routeOptions.url} ${roleRequirement(access)}`,
        },
      });
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const action = request.routeOptions.config.audit;
    const principal = request.principal;
    if (!action || !principal || reply.statusCode >= 300) return payload;
    const answer = parseObject(payload);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const delivery = answer.delivery as Record<string, unknown> | undefined;
    const targetId = stringOr(params.id, answer.id ?? delivery?.id);
    const targetName = request.auditTargetName ?? stringOr(answer.name, body.name, delivery?.channelName);
    await accounts.audit
      .recordChange(
        principal,
        action,
        action.split(".")[0] ?? action,
        targetId ?? "",
        targetName ?? "",
        request.method === "DELETE" ? undefined : { fields: Object.keys(body).sort() },
        request.ip,
      )
      .catch((error: unknown) => log.error("audit entry not written", { action, error }));
    return payload;
  });
}

function parseObject(payload: unknown): Record<string, unknown> {
  if (typeof payload !== "string" || !payload.startsWith("{")) return {};
  try {
    return JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const stringOr = (...values: unknown[]): string | undefined =>
  values.find((value): value is string => typeof value === "string");
