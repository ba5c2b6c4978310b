// @tracelight/auth: accounts (users, sessions, API tokens, ingest keys, OIDC sign-in), roles and
// the audit log, over the metadata database.
export { Accounts, type CookieOutcome, type RequestContext } from "./accounts.ts";
export { AuditLog, type AuditQuery, type AuditRecord } from "./audit-log.ts";
export { MIN_SECRET_LENGTH } from "./auth-secret.ts";
export { CLIENT_IP_HEADER, OIDC_PROVIDER_ID, type OidcSettings } from "./create-auth.ts";
export { type Keys, TOKEN_CACHE_MS } from "./keys.ts";
export { DEFAULT_THROTTLE, type ThrottleLimits } from "./login-throttle.ts";
export { parseRoleMap, roleFromClaim } from "./oidc-roles.ts";
export { type AccountSettings, openAccounts } from "./open-accounts.ts";
export { AccountError, type Principal } from "./principal.ts";
export type { Users } from "./users.ts";
