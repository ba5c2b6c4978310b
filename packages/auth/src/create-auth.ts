// The better-auth instance over the metadata database: password sign-in (argon2id through
// @node-rs/argon2), sessions in HttpOnly SameSite=Lax cookies, users with roles (admin plugin),
// API tokens and ingest keys (API-key plugin, two configs), and OpenID Connect sign-in with
// PKCE (SSO plugin). Nobody signs themselves up: the first admin comes from /setup or the
// environment, the rest from an admin or from OIDC just-in-time.
import { apiKey } from "@better-auth/api-key";
import { sso } from "@better-auth/sso";
import { hash, verify } from "@node-rs/argon2";
import { ROLES, type Role } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin } from "better-auth/plugins";
import type { AuditLog } from "./audit-log.ts";
import { discoveredOrigins } from "./oidc-discovered-origins.ts";
import { roleFromClaim } from "./oidc-roles.ts";
import { oidcSignInAudit } from "./oidc-sign-in-audit.ts";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim holding the role (a string or a list of strings, e.g. groups). */
  roleClaim: string;
  /** Claim value → role; a value equal to a role's name maps to it without an entry. */
  roleMap: Record<string, Role>;
  /** The role of a user whose claim maps to none. */
  defaultRole: Role;
  /** Asked for at sign-in: "openid email profile" and whatever scope carries the role claim. */
  scopes: string[];
  /** The button's label on the sign-in page. */
  displayName: string;
}

export interface AuthSettings {
  /** The URL people open (the web app's): cookies, redirects and the OIDC callback hang off it. */
  publicUrl: string;
  /** Signs the session cookies; shared by every replica (packages/auth/src/auth-secret.ts). */
  secret: string;
  idleSessionS: number;
  oidc: OidcSettings | null;
  /** Where better-auth's own log lines go (the api's logger); none: dropped. */
  log?: AuthLog;
}

export type AuthLog = (level: "debug" | "info" | "warn" | "error", message: string) => void;

// A refused key is the caller's mistake, answered 401 and counted nowhere else; logged as an
// error it would let anyone fill the log by sending bad keys.
const CALLER_MISTAKES = /^Failed to validate API key/;

/** The provider id of the configured OIDC provider; its callback is /api/auth/sso/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";
/** Forwarded by the api with the caller's address, overwriting any client-sent value. */
export const CLIENT_IP_HEADER = "x-tracelight-client-ip";

// Any expiry an admin asks for, up to ten years (the plugin's unit here is days).
const KEY_OPTIONS = { rateLimit: { enabled: false }, keyExpiration: { minExpiresIn: 0, maxExpiresIn: 3650 } };

export function createAuth(db: Database, settings: AuthSettings, audit: AuditLog) {
  const oidc = settings.oidc;
  return betterAuth({
    appName: "Tracelight",
    baseURL: settings.publicUrl,
    basePath: "/api/auth",
    secret: settings.secret,
    telemetry: { enabled: false },
    logger: {
      level: "info",
      log: (level, message) =>
        settings.log?.(CALLER_MISTAKES.test(message) && level === "error" ? "debug" : level, message),
    },
    trustedOrigins: oidc ? discoveredOrigins(oidc.issuer) : [],
    // Where a failed OIDC callback sends the browser with ?error=… (a bad or expired state).
    // better-auth's default, /api/auth/error, is not served: the sign-in page is.
    onAPIError: { errorURL: "/login" },
    database: prismaAdapter(db.prisma, { provider: db.provider }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      password: {
        hash: (password) => hash(password),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
    },
    session: { expiresIn: settings.idleSessionS, updateAge: Math.min(86_400, settings.idleSessionS / 4) },
    // The query API (packages/auth/src/login-throttle.ts) limits sign-ins per account and per
    // address from the audit log, shared by replicas; better-auth's in-memory limiter is not.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "tracelight",
      useSecureCookies: settings.publicUrl.startsWith("https:"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [
      // First: its hooks must run before the admin plugin's (see the file).
      oidcSignInAudit(db, audit),
      admin({
        defaultRole: "viewer",
        adminRoles: ["admin"],
        roles: undefined,
        // Shown on the sign-in page after an OIDC sign-in is refused (?error_description=).
        bannedUserMessage: "this account is disabled: ask an admin",
      }),
      apiKey([
        // Secrets are hashed (SHA-256) at rest and shown once. No per-key request quota.
        { configId: "api", defaultPrefix: "tl_api_", enableMetadata: true, ...KEY_OPTIONS },
        { configId: "ingest", defaultPrefix: "tl_ing_", enableMetadata: true, ...KEY_OPTIONS },
      ]),
      sso({
        provisionUserOnEveryLogin: true,
        defaultSSO: oidc
          ? [
              {
                providerId: OIDC_PROVIDER_ID,
                domain: new URL(oidc.issuer).hostname,
                oidcConfig: {
                  issuer: oidc.issuer,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  pkce: true,
                  discoveryEndpoint: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
                  scopes: oidc.scopes,
                  mapping: {
                    email: "email",
                    emailVerified: "email_verified",
                    name: "name",
                    extraFields: { role: oidc.roleClaim },
                  },
                },
              },
            ]
          : undefined,
        provisionUser: async ({ user, userInfo }) => {
          if (!oidc) return;
          const claim = (userInfo as Record<string, unknown>).role;
          const role = roleFromClaim(claim, oidc.roleMap, oidc.defaultRole);
          if (user.role !== role) await db.prisma.user.update({ where: { id: user.id }, data: { role } });
        },
      }),
    ],
  });
}

export type BetterAuth = ReturnType<typeof createAuth>;

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);
