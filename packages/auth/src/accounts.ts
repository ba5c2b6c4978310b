// Accounts as the query API uses them: who a request is (session cookie or API token), sign-in
// and sign-out, first-run setup, sessions; users (users.ts) and tokens and keys (keys.ts) hang
// off it. better-auth does the protocol and cryptography; this adds roles, limits and the audit
// trail.
import type { SessionView, SsoSettingsResponse, UserView } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { AuditLog } from "./audit-log.ts";
import { type BetterAuth, CLIENT_IP_HEADER, isRole, OIDC_PROVIDER_ID, type OidcSettings } from "./create-auth.ts";
import { Keys } from "./keys.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { AccountError, type Principal } from "./principal.ts";
import { Users, userView } from "./users.ts";

/** What a sign-in or sign-out answers with: the cookies to set, and who signed in. */
export interface CookieOutcome {
  setCookies: string[];
  user?: UserView;
}

export interface RequestContext {
  headers: Headers;
  ipAddress: string | null;
}

export interface AccountsOptions {
  /** Sessions older than this are over, however recently used. */
  absoluteSessionS: number;
  /** Ingest keys verified in the last this many ms are not looked up again (revocation elsewhere takes this long). */
  ingestKeyCacheMs?: number;
  /** The configured OpenID Connect provider (its secret is never shown). */
  oidc?: OidcSettings | null;
  /** Where the OIDC callback is served: TRACELIGHT_PUBLIC_URL. */
  publicUrl?: string;
}

export class Accounts {
  readonly keys: Keys;
  readonly users: Users;

  constructor(
    readonly auth: BetterAuth,
    private readonly db: Database,
    readonly audit: AuditLog,
    private readonly throttle: LoginThrottle,
    private readonly options: AccountsOptions,
  ) {
    this.keys = new Keys(auth, db, audit, options.ingestKeyCacheMs);
    this.users = new Users(auth, db, audit, this.keys);
  }

  get oidcEnabled(): boolean {
    return Boolean(this.options.oidc);
  }

  get oidcDisplayName(): string | undefined {
    return this.options.oidc?.displayName;
  }

  /** The OIDC settings for an admin to check against the provider, without the client secret. */
  ssoSettings(): SsoSettingsResponse {
    const oidc = this.options.oidc;
    if (!oidc) return { oidc: null };
    return {
      oidc: {
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        scopes: oidc.scopes,
        roleClaim: oidc.roleClaim,
        roleMap: oidc.roleMap,
        defaultRole: oidc.defaultRole,
        displayName: oidc.displayName,
        redirectUri: `${this.options.publicUrl ?? ""}/api/auth/sso/callback/${OIDC_PROVIDER_ID}`,
      },
    };
  }

  async setupNeeded(): Promise<boolean> {
    return (await this.db.prisma.user.count()) === 0;
  }

  // ---- who is asking -------------------------------------------------------------------

  /** The principal behind a request's session cookie or `Authorization: Bearer` token; null when none or invalid. */
  async authenticate(headers: Headers): Promise<Principal | null> {
    const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer !== undefined) return this.keys.principalFor(bearer);
    if (!headers.get("cookie")) return null;
    const found = await this.auth.api.getSession({ headers });
    if (!found) return null;
    const { session, user } = found as unknown as {
      session: { id: string; token: string; createdAt: Date };
      user: { id: string; email: string; role?: string | null; banned?: boolean | null };
    };
    if (user.banned) return null;
    if (Date.now() - new Date(session.createdAt).getTime() > this.options.absoluteSessionS * 1000) {
      await this.db.prisma.session.deleteMany({ where: { id: session.id } });
      return null;
    }
    return {
      userId: user.id,
      email: user.email,
      role: isRole(user.role) ? user.role : "viewer",
      via: "session",
      sessionId: session.id,
    };
  }

  async me(principal: Principal): Promise<UserView> {
    const row = await this.db.prisma.user.findUnique({ where: { id: principal.userId }, include: { accounts: true } });
    if (!row) throw new AccountError(401, "unauthenticated", "the signed-in user no longer exists");
    // A token acts with its own role, not its maker's.
    return { ...userView(row), role: principal.role };
  }

  // ---- signing in and out ----------------------------------------------------------------

  async login(email: string, password: string, request: RequestContext): Promise<CookieOutcome> {
    const refusal = await this.throttle.refusal(email, request.ipAddress);
    if (refusal) {
      await this.audit.record({
        actor: email,
        action: "login.throttled",
        outcome: "failure",
        ipAddress: request.ipAddress,
      });
      throw new AccountError(429, "too_many_requests", refusal);
    }
    const response = await this.auth.api.signInEmail({
      body: { email, password, rememberMe: true },
      headers: this.forwardedHeaders(request),
      asResponse: true,
    });
    if (!response.ok) {
      const user = await this.db.prisma.user.findUnique({ where: { email } });
      // better-auth refuses a disabled user only after the password matched: a wrong one must
      // not learn that the account exists and is disabled.
      const disabled = user?.banned === true && response.status === 403;
      await this.audit.record({
        actor: email,
        actorId: user?.id,
        action: "login.failure",
        outcome: "failure",
        ipAddress: request.ipAddress,
        details: { method: "password", reason: disabled ? "disabled" : "invalid credentials" },
      });
      if (disabled) throw new AccountError(403, "forbidden", "this account is disabled: ask an admin");
      throw new AccountError(401, "unauthenticated", "wrong email or password");
    }
    const user = await this.db.prisma.user.findUniqueOrThrow({ where: { email }, include: { accounts: true } });
    await this.audit.record({
      actor: email,
      actorId: user.id,
      action: "login.success",
      outcome: "success",
      ipAddress: request.ipAddress,
      details: { method: "password" },
    });
    return { setCookies: response.headers.getSetCookie(), user: userView(user) };
  }

  async logout(principal: Principal, request: RequestContext): Promise<CookieOutcome> {
    const response = await this.auth.api.signOut({ headers: this.forwardedHeaders(request), asResponse: true });
    await this.audit.record({
      actor: principal.email,
      actorId: principal.userId,
      action: "logout",
      outcome: "success",
      ipAddress: request.ipAddress,
    });
    return { setCookies: response.headers.getSetCookie() };
  }

  /** Starts the OIDC authorization-code flow with PKCE: the provider's URL and the state cookie. */
  async oidcStart(returnTo: string, request: RequestContext): Promise<{ url: string; setCookies: string[] }> {
    if (!this.oidcEnabled) throw new AccountError(404, "not_found", "no OpenID Connect provider is configured");
    const response = await this.auth.api.signInSSO({
      body: { providerId: OIDC_PROVIDER_ID, callbackURL: returnTo, errorCallbackURL: "/login" },
      headers: this.forwardedHeaders(request),
      asResponse: true,
    });
    const body = (await response.json()) as { url?: string };
    if (!response.ok || !body.url) throw new Error(`OIDC sign-in did not start (${response.status})`);
    return { url: body.url, setCookies: response.headers.getSetCookie() };
  }

  /** First run: makes the first admin and signs them in; refused once any user exists. */
  async setup(email: string, name: string, password: string, request: RequestContext): Promise<CookieOutcome> {
    if (!(await this.setupNeeded())) throw new AccountError(409, "conflict", "setup is done: sign in instead");
    const created = await this.users.createRow({ email, name, password, role: "admin" });
    await this.audit.record({
      actor: email,
      actorId: created.id,
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      targetName: email,
      outcome: "success",
      ipAddress: request.ipAddress,
      details: { role: "admin", via: "setup" },
    });
    return this.login(email, password, request);
  }

  /** TRACELIGHT_ADMIN_EMAIL/_PASSWORD: makes that admin at start unless the email exists. */
  async ensureAdmin(email: string, password: string): Promise<"created" | "exists"> {
    const normalised = email.trim().toLowerCase();
    if (await this.db.prisma.user.findUnique({ where: { email: normalised } })) return "exists";
    const created = await this.users.createRow({ email: normalised, name: "Admin", password, role: "admin" });
    await this.audit.record({
      actor: "system",
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      targetName: normalised,
      outcome: "success",
      details: { role: "admin", via: "TRACELIGHT_ADMIN_EMAIL" },
    });
    return "created";
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string, request: RequestContext) {
    if (principal.via !== "session")
      throw new AccountError(403, "forbidden", "change a password from a signed-in session, not with a token");
    try {
      await this.auth.api.changePassword({
        body: { currentPassword, newPassword, revokeOtherSessions: true },
        headers: this.forwardedHeaders(request),
      });
    } catch {
      throw new AccountError(400, "bad_request", "currentPassword: wrong password");
    }
    await this.audit.record({
      actor: principal.email,
      actorId: principal.userId,
      action: "user.password",
      targetType: "user",
      targetId: principal.userId,
      targetName: principal.email,
      outcome: "success",
      ipAddress: request.ipAddress,
    });
  }

  private forwardedHeaders(request: RequestContext): Headers {
    const headers = new Headers(request.headers);
    headers.delete(CLIENT_IP_HEADER);
    if (request.ipAddress) headers.set(CLIENT_IP_HEADER, request.ipAddress);
    return headers;
  }

  // ---- sessions ----------------------------------------------------------------------------

  async sessions(principal: Principal): Promise<SessionView[]> {
    const rows = await this.db.prisma.session.findMany({
      where: { userId: principal.userId, expiresAt: { gt: new Date() } },
      orderBy: { updatedAt: "desc" },
    });
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      lastSeenAt: row.updatedAt.toISOString(),
      ipAddress: row.ipAddress,
      userAgent: row.userAgent,
      current: row.id === principal.sessionId,
    }));
  }

  async revokeSession(principal: Principal, sessionId: string): Promise<void> {
    const { count } = await this.db.prisma.session.deleteMany({ where: { id: sessionId, userId: principal.userId } });
    if (count === 0) throw new AccountError(404, "not_found", `no session ${sessionId}`);
  }
}
