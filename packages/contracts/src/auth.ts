// Accounts: roles and what each may do, and the bodies and answers of the /api/v1/auth,
// /users, /tokens, /ingest-keys and /audit routes. The api enforces roles; the web app reads
// the same table to hide what a role cannot do.
import { z } from "zod";

/** Ordered: each role may do everything the roles before it may. */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const RoleSchema = z.enum(ROLES);

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Why a role may not do something, for the UI's disabled buttons and the API's 403. */
export function roleRequirement(minimum: Role): string {
  return minimum === "admin" ? "needs the admin role" : "needs the editor or admin role";
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);
const name = z.string().trim().min(1).max(200);

export const LoginBodySchema = z.object({ email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
export const SetupBodySchema = z.object({ email, name, password });
export const PasswordChangeBodySchema = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: password,
});

export const UserCreateBodySchema = z.object({ email, name, role: RoleSchema, password });
export const UserUpdateBodySchema = z
  .object({ name, role: RoleSchema, disabled: z.boolean(), password })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "name, role, disabled or password is required");

/** A timestamp in the future: an ISO-8601 string or epoch milliseconds. */
const futureInstant = z
  .union([z.iso.datetime({ offset: true }), z.number().int().positive()])
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), "must be in the future");

export const TokenCreateBodySchema = z.object({
  name,
  role: RoleSchema,
  expiresAt: futureInstant.optional(),
});
export const IngestKeyCreateBodySchema = z.object({ name, expiresAt: futureInstant.optional() });

export const AUDIT_PAGE_LIMIT = 500;
export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_LIMIT).default(100),
  /** Entries older than this id's entry (the next page). */
  before: z.string().max(64).optional(),
  /** An action ("rule.create") or an action's family ("rule"). */
  action: z.string().max(64).optional(),
  actor: z.string().max(254).optional(),
});

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** "password" and/or "oidc": how the user can sign in. */
  signIn: string[];
  createdAt: string;
}

export interface MeResponse {
  user: UserView;
  /** How this request was authenticated. */
  via: "session" | "token";
}

export interface AuthProvidersResponse {
  /** True until the first admin exists: the UI sends people to /setup. */
  setupNeeded: boolean;
  password: boolean;
  /** The OpenID Connect provider to offer on the sign-in page, if one is configured. */
  oidc: { name: string; signInPath: string } | null;
}

/** GET /api/v1/auth/sso (admins): the OpenID Connect settings, without the client secret. */
export interface SsoSettingsResponse {
  oidc: {
    issuer: string;
    clientId: string;
    scopes: string[];
    roleClaim: string;
    roleMap: Record<string, Role>;
    defaultRole: Role;
    displayName: string;
    /** To register at the provider. */
    redirectUri: string;
  } | null;
}

export interface SessionView {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise it. */
  start: string | null;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface IngestKeyView {
  id: string;
  name: string;
  start: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to a create: the only time the secret is shown. */
export interface CreatedSecret {
  id: string;
  /** For tokens: send as `Authorization: Bearer <token>`. */
  token: string;
}

export type AuditOutcome = "success" | "failure";

export interface AuditEntry {
  id: string;
  at: string;
  /** The email of who did it; "system" for the service itself, the typed email for a failed sign-in. */
  actor: string;
  /** "<object>.<verb>": rule.create, channel.delete, user.update, token.revoke, login.failure, … */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** A human name for the target (a rule's name, a user's email) as it was at the time. */
  targetName: string | null;
  outcome: AuditOutcome;
  ipAddress: string | null;
  /** What changed (field names, never secrets). */
  details: Record<string, unknown> | null;
}

export const AUDIT_RETENTION_DAYS = 90;
