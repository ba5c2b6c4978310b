// OIDC sign-ins in the audit log (password sign-ins are logged by Accounts.login, with their
// failures). A plugin rather than a plain database hook because plugins' hooks run first, and
// it must run before the admin plugin refuses a disabled user's session, to log that attempt.
import type { Database } from "@tracelight/db";
import type { BetterAuthPlugin } from "better-auth";
import type { AuditLog } from "./audit-log.ts";

const isOidcCallback = (context: { path?: string } | null | undefined) =>
  context?.path?.startsWith("/sso/callback") === true;

export function oidcSignInAudit(db: Database, audit: AuditLog): BetterAuthPlugin {
  const userOf = (id: string) => db.prisma.user.findUnique({ where: { id } });
  return {
    id: "tracelight-oidc-sign-in-audit",
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session, context) => {
                if (!isOidcCallback(context)) return;
                const user = await userOf(session.userId);
                if (!user?.banned) return;
                await audit.record({
                  actor: user.email,
                  actorId: user.id,
                  action: "login.failure",
                  outcome: "failure",
                  ipAddress: session.ipAddress ?? null,
                  details: { method: "oidc", reason: "disabled" },
                });
              },
              after: async (session, context) => {
                if (!isOidcCallback(context)) return;
                const user = await userOf(session.userId);
                await audit.record({
                  actor: user?.email ?? session.userId,
                  actorId: session.userId,
                  action: "login.success",
                  outcome: "success",
                  ipAddress: session.ipAddress ?? null,
                  details: { method: "oidc" },
                });
              },
            },
          },
        },
      },
    }),
  };
}
