// The accounts part of the api's environment: the first admin, sessions, the cookie-signing
// secret and the OpenID Connect provider. Parsed with the rest in src/config.ts.
import { type AccountSettings, MIN_SECRET_LENGTH, parseRoleMap } from "@tracelight/auth";
import { blankAsUnset, commaList } from "@tracelight/config";
import { MIN_PASSWORD_LENGTH, RoleSchema } from "@tracelight/contracts";
import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) => blankAsUnset(schema.optional());

export const AccountsEnvSchema = z.object({
  TRACELIGHT_ADMIN_EMAIL: optional(z.email()),
  TRACELIGHT_ADMIN_PASSWORD: optional(
    z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`),
  ),
  TRACELIGHT_AUTH_SECRET: optional(z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`)),
  TRACELIGHT_SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  TRACELIGHT_SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(30),
  TRACELIGHT_OIDC_ISSUER: optional(
    z.url({ protocol: /^https?$/, error: "must be the provider's http(s):// issuer URL" }),
  ),
  TRACELIGHT_OIDC_CLIENT_ID: optional(z.string()),
  TRACELIGHT_OIDC_CLIENT_SECRET: optional(z.string()),
  TRACELIGHT_OIDC_ROLE_CLAIM: z.string().min(1).default("role"),
  TRACELIGHT_OIDC_ROLE_MAP: z
    .string()
    .default("")
    .transform((text, ctx) => {
      try {
        return parseRoleMap(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  TRACELIGHT_OIDC_DEFAULT_ROLE: RoleSchema.default("viewer"),
  TRACELIGHT_OIDC_SCOPES: z.string().default("openid email profile"),
  TRACELIGHT_OIDC_NAME: z.string().min(1).default("single sign-on"),
  TRACELIGHT_TRUSTED_PROXIES: commaList().default(["loopback"]),
});

/** Settings that only make sense together (for EnvSchema.superRefine in src/config.ts). */
export function checkAccountsEnv(e: z.infer<typeof AccountsEnvSchema>, ctx: z.RefinementCtx): void {
  {
    if ((e.TRACELIGHT_ADMIN_EMAIL === undefined) !== (e.TRACELIGHT_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["TRACELIGHT_ADMIN_PASSWORD"],
        message: "set both TRACELIGHT_ADMIN_EMAIL and TRACELIGHT_ADMIN_PASSWORD, or neither",
      });
    }
    const oidc = [e.TRACELIGHT_OIDC_ISSUER, e.TRACELIGHT_OIDC_CLIENT_ID, e.TRACELIGHT_OIDC_CLIENT_SECRET];
    if (oidc.some((v) => v !== undefined) && oidc.some((v) => v === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["TRACELIGHT_OIDC_ISSUER"],
        message: "set TRACELIGHT_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET together",
      });
    }
  }
}

export interface AccountsConfig extends AccountSettings {
  /** Made at start unless a user with that email exists (TRACELIGHT_ADMIN_EMAIL/_PASSWORD). */
  admin: { email: string; password: string } | null;
  /** Addresses (or "loopback") whose X-Forwarded-For names the client: the web app in front. */
  trustedProxies: string[];
}

/** `publicUrl`: TRACELIGHT_PUBLIC_URL, which the rest of the api reads too (src/config.ts). */
export function accountsConfig(e: z.infer<typeof AccountsEnvSchema>, publicUrl: string): AccountsConfig {
  return {
    publicUrl: publicUrl.replace(/\/+$/, ""),
    secret: e.TRACELIGHT_AUTH_SECRET,
    // At least a second: a tiny positive length must not round to sessions that are over at once.
    idleSessionS: Math.max(1, Math.round(e.TRACELIGHT_SESSION_IDLE_HOURS * 3600)),
    absoluteSessionS: Math.max(1, Math.round(e.TRACELIGHT_SESSION_MAX_DAYS * 86_400)),
    trustedProxies: e.TRACELIGHT_TRUSTED_PROXIES,
    admin:
      e.TRACELIGHT_ADMIN_EMAIL && e.TRACELIGHT_ADMIN_PASSWORD
        ? { email: e.TRACELIGHT_ADMIN_EMAIL, password: e.TRACELIGHT_ADMIN_PASSWORD }
        : null,
    oidc:
      e.TRACELIGHT_OIDC_ISSUER && e.TRACELIGHT_OIDC_CLIENT_ID && e.TRACELIGHT_OIDC_CLIENT_SECRET
        ? {
            issuer: e.TRACELIGHT_OIDC_ISSUER.replace(/\/+$/, ""),
            clientId: e.TRACELIGHT_OIDC_CLIENT_ID,
            clientSecret: e.TRACELIGHT_OIDC_CLIENT_SECRET,
            roleClaim: e.TRACELIGHT_OIDC_ROLE_CLAIM,
            roleMap: e.TRACELIGHT_OIDC_ROLE_MAP,
            defaultRole: e.TRACELIGHT_OIDC_DEFAULT_ROLE,
            scopes: e.TRACELIGHT_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
            displayName: e.TRACELIGHT_OIDC_NAME,
          }
        : null,
  };
}
