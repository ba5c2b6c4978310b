// Who may call each /api/v1 route, and which changes go to the audit log. Deny by default: a
// route missing here fails the server's start (src/auth/guard.ts), so none ships unguarded.
// viewer reads; editor also writes rules, channels, silences, dashboards and saved views; admin
// also manages users, API tokens, ingest keys and reads the audit log.
import type { Role } from "@tracelight/contracts";

/** "public": anyone; "signed-in": any role; a role: that role or a higher one. */
export type Access = "public" | "signed-in" | Role;

export interface RouteRule {
  access: Access;
  /** The audit action a successful call records ("rule.create"); none for reads. */
  audit?: string;
}

export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  // Telemetry
  "GET /api/v1/services": { access: "viewer" },
  "GET /api/v1/services/overview": { access: "viewer" },
  "GET /api/v1/service-map": { access: "viewer" },
  "GET /api/v1/traces": { access: "viewer" },
  "GET /api/v1/traces/scatter": { access: "viewer" },
  "GET /api/v1/traces/:traceId": { access: "viewer" },
  "GET /api/v1/logs": { access: "viewer" },
  "GET /api/v1/logs/histogram": { access: "viewer" },
  "GET /api/v1/logs/tail": { access: "viewer" },
  "GET /api/v1/search/fields": { access: "viewer" },
  "GET /api/v1/search/values": { access: "viewer" },
  "GET /api/v1/metrics": { access: "viewer" },
  "GET /api/v1/metrics/series": { access: "viewer" },
  "GET /api/v1/metrics/attributes": { access: "viewer" },
  "GET /api/v1/red": { access: "viewer" },
  "GET /api/v1/status": { access: "viewer" },
  // Alerting
  "GET /api/v1/alerts": { access: "viewer" },
  "GET /api/v1/alerts/:id": { access: "viewer" },
  "GET /api/v1/alert-rules": { access: "viewer" },
  "GET /api/v1/alert-rules/:id": { access: "viewer" },
  "POST /api/v1/alert-rules/preview": { access: "viewer" },
  "POST /api/v1/alert-rules": { access: "editor", audit: "rule.create" },
  "PUT /api/v1/alert-rules/:id": { access: "editor", audit: "rule.update" },
  "DELETE /api/v1/alert-rules/:id": { access: "editor", audit: "rule.delete" },
  "GET /api/v1/channels": { access: "viewer" },
  "GET /api/v1/channels/:id": { access: "viewer" },
  "GET /api/v1/channels/:id/deliveries": { access: "viewer" },
  "GET /api/v1/deliveries": { access: "viewer" },
  "POST /api/v1/channels": { access: "editor", audit: "channel.create" },
  "PUT /api/v1/channels/:id": { access: "editor", audit: "channel.update" },
  "DELETE /api/v1/channels/:id": { access: "editor", audit: "channel.delete" },
  "POST /api/v1/channels/:id/test": { access: "editor", audit: "channel.test" },
  "GET /api/v1/silences": { access: "viewer" },
  "POST /api/v1/silences": { access: "editor", audit: "silence.create" },
  "DELETE /api/v1/silences/:id": { access: "editor", audit: "silence.delete" },
  // Dashboards and saved views: any editor may change or delete anyone's, as with alert rules.
  "GET /api/v1/dashboards": { access: "viewer" },
  "GET /api/v1/dashboards/:id": { access: "viewer" },
  "GET /api/v1/dashboards/:id/export": { access: "viewer" },
  "POST /api/v1/dashboards": { access: "editor", audit: "dashboard.create" },
  "POST /api/v1/dashboards/import": { access: "editor", audit: "dashboard.create" },
  "POST /api/v1/dashboards/:id/duplicate": { access: "editor", audit: "dashboard.create" },
  "PUT /api/v1/dashboards/:id": { access: "editor", audit: "dashboard.update" },
  "DELETE /api/v1/dashboards/:id": { access: "editor", audit: "dashboard.delete" },
  "GET /api/v1/saved-views": { access: "viewer" },
  "GET /api/v1/saved-views/:id": { access: "viewer" },
  "POST /api/v1/saved-views": { access: "editor", audit: "saved_view.create" },
  "PUT /api/v1/saved-views/:id": { access: "editor", audit: "saved_view.update" },
  "DELETE /api/v1/saved-views/:id": { access: "editor", audit: "saved_view.delete" },
  // Accounts (src/auth/routes.ts; those routes write their own audit entries)
  "GET /api/v1/auth/providers": { access: "public" },
  "POST /api/v1/auth/setup": { access: "public" },
  "POST /api/v1/auth/login": { access: "public" },
  "GET /api/v1/auth/oidc/start": { access: "public" },
  "GET /api/v1/auth/me": { access: "signed-in" },
  "POST /api/v1/auth/logout": { access: "signed-in" },
  "POST /api/v1/auth/password": { access: "signed-in" },
  "GET /api/v1/auth/sessions": { access: "signed-in" },
  "DELETE /api/v1/auth/sessions/:id": { access: "signed-in" },
  "GET /api/v1/users": { access: "admin" },
  "POST /api/v1/users": { access: "admin" },
  "PUT /api/v1/users/:id": { access: "admin" },
  "DELETE /api/v1/users/:id": { access: "admin" },
  "GET /api/v1/tokens": { access: "admin" },
  "POST /api/v1/tokens": { access: "admin" },
  "DELETE /api/v1/tokens/:id": { access: "admin" },
  "GET /api/v1/ingest-keys": { access: "admin" },
  "POST /api/v1/ingest-keys": { access: "admin" },
  "DELETE /api/v1/ingest-keys/:id": { access: "admin" },
  "GET /api/v1/audit": { access: "admin" },
  "GET /api/v1/auth/sso": { access: "admin" },
};

/** The rule for a method and a route pattern; HEAD follows GET. */
export function ruleFor(method: string, url: string): RouteRule | undefined {
  return ROUTE_RULES[`${method === "HEAD" ? "GET" : method} ${url}`];
}
