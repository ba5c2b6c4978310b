// Builds Accounts over an open metadata database from the service's settings.
import type { Database } from "@tracelight/db";
import { Accounts } from "./accounts.ts";
import { AuditLog } from "./audit-log.ts";
import { authSecret } from "./auth-secret.ts";
import { type AuthLog, createAuth, type OidcSettings } from "./create-auth.ts";
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleLimits } from "./login-throttle.ts";

export interface AccountSettings {
  publicUrl: string;
  /** TRACELIGHT_AUTH_SECRET; undefined: the one kept in the database. */
  secret: string | undefined;
  idleSessionS: number;
  absoluteSessionS: number;
  oidc: OidcSettings | null;
  throttle?: ThrottleLimits;
  ingestKeyCacheMs?: number;
  log?: AuthLog;
}

export async function openAccounts(db: Database, settings: AccountSettings): Promise<Accounts> {
  const audit = new AuditLog(db);
  const auth = createAuth(
    db,
    {
      publicUrl: settings.publicUrl,
      secret: await authSecret(db, settings.secret),
      idleSessionS: settings.idleSessionS,
      oidc: settings.oidc,
      log: settings.log,
    },
    audit,
  );
  return new Accounts(auth, db, audit, new LoginThrottle(audit, settings.throttle ?? DEFAULT_THROTTLE), {
    absoluteSessionS: settings.absoluteSessionS,
    ingestKeyCacheMs: settings.ingestKeyCacheMs,
    oidc: settings.oidc,
    publicUrl: settings.publicUrl,
  });
}
