// Accounts as the query API uses them: who a request is (session cookie or API token), sign-in
// and sign-out, first-run setup, users, sessions, API tokens and ingest keys. better-auth does
// the protocol and cryptography; this class adds roles, limits, the audit trail and the rules a
// team needs (the last admin cannot be removed, a disabled user's tokens stop working).
import {
  type CreatedSecret,
  type IngestKeyView,
  type Role,
  roleAtLeast,
  type SessionView,
  type SsoSettingsResponse,
  type TokenView,
  type UserView,
} from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { AuditLog } from "./audit-log.ts";
import { type BetterAuth, CLIENT_IP_HEADER, isRole, OIDC_PROVIDER_ID, type OidcSettings } from "./create-auth.ts";
import type { LoginThrottle } from "./login-throttle.ts";

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  via: "session" | "token";
  /** The session's id, for "this device" and sign-out. */
  sessionId?: string;
  /** The API token's id. */
  tokenId?: string;
  /** Where the request came from, for the audit log. */
  ipAddress?: string | null;
}

/** A refusal the API turns into `{ error: { code, message } }` with this status. */
export class AccountError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    readonly code: "bad_request" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "too_many_requests",
    message: string,
  ) {
    super(message);
  }
}

/** What a sign-in or sign-out answers with: the cookies to set, and who signed in. */
export interface CookieOutcome {
  setCookies: string[];
  user?: UserView;
}

export interface RequestContext {
  headers: Headers;
  ipAddress: string | null;
}

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
  accounts?: { providerId: string }[];
};

function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    disabled: row.banned === true,
    signIn: [...new Set((row.accounts ?? []).map((a) => (a.providerId === "credential" ? "password" : "oidc")))],
    createdAt: row.createdAt.toISOString(),
  };
}

const parseMetadata = (text: string | null): Record<string, unknown> => {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    // The plugin may store the metadata object JSON-encoded twice.
    const value = typeof parsed === "string" ? JSON.parse(parsed) : parsed;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** An ingest key's expiry, kept in its metadata (Accounts.createIngestKey says why). */
const ingestKeyExpiry = (metadata: unknown): Date | undefined => {
  // An ISO string; the plugin's verify answers it revived as a Date.
  const value = (metadata as Record<string, unknown> | null | undefined)?.expiresAt;
  return typeof value === "string" || value instanceof Date ? new Date(value) : undefined;
};

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

/**
 * How long a verified API token is trusted without asking the database again. A revoke, or a
 * change to its maker, clears it in this process at once; other replicas notice within this.
 */
export const TOKEN_CACHE_MS = 5_000;

export class Accounts {
  private readonly ingestKeyCache = new Map<string, { valid: boolean; until: number }>();
  private ingestKeysExistCache: { value: boolean; until: number } | undefined;
  /** Verified API tokens: verifying costs a read and a write of the key's row on every request. */
  private readonly tokenCache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    readonly auth: BetterAuth,
    private readonly db: Database,
    readonly audit: AuditLog,
    private readonly throttle: LoginThrottle,
    private readonly options: AccountsOptions,
  ) {}

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
    if (bearer !== undefined) return this.tokenPrincipal(bearer);
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

  private async tokenPrincipal(token: string): Promise<Principal | null> {
    if (!token.startsWith("tl_api_")) return null;
    const now = Date.now();
    const cached = this.tokenCache.get(token);
    if (cached && cached.until > now) return cached.principal;
    const principal = await this.verifyToken(token);
    if (principal === null) return null;
    if (this.tokenCache.size > 10_000) this.tokenCache.clear();
    const expiresAt = principal.expiresAt ?? Number.POSITIVE_INFINITY;
    this.tokenCache.set(token, { principal: principal.principal, until: Math.min(now + TOKEN_CACHE_MS, expiresAt) });
    return principal.principal;
  }

  private async verifyToken(token: string): Promise<{ principal: Principal; expiresAt: number | null } | null> {
    const result = await this.auth.api.verifyApiKey({ body: { key: token, configId: "api" } });
    if (!result.valid || !result.key) return null;
    const owner = await this.db.prisma.user.findUnique({ where: { id: result.key.referenceId } });
    if (!owner || owner.banned) return null;
    const metadataRole = (result.key.metadata as Record<string, unknown> | null)?.role;
    const tokenRole = isRole(metadataRole) ? metadataRole : "viewer";
    const ownerRole = isRole(owner.role) ? owner.role : "viewer";
    const principal: Principal = {
      userId: owner.id,
      email: owner.email,
      // The token's own role, but never above its maker's current one (a demoted admin's token).
      role: roleAtLeast(ownerRole, tokenRole) ? tokenRole : ownerRole,
      via: "token",
      tokenId: result.key.id,
    };
    return { principal, expiresAt: result.key.expiresAt ? new Date(result.key.expiresAt).getTime() : null };
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
    const created = await this.createUserRow({ email, name, password, role: "admin" });
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
    const created = await this.createUserRow({ email: normalised, name: "Admin", password, role: "admin" });
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

  // ---- users (admins) ------------------------------------------------------------------------

  async listUsers(): Promise<UserView[]> {
    const rows = await this.db.prisma.user.findMany({ include: { accounts: true }, orderBy: { email: "asc" } });
    return rows.map(userView);
  }

  async createUser(
    actor: Principal,
    input: { email: string; name: string; role: Role; password: string },
  ): Promise<UserView> {
    if (await this.db.prisma.user.findUnique({ where: { email: input.email } })) {
      throw new AccountError(409, "conflict", `email: a user with ${input.email} exists`);
    }
    const created = await this.createUserRow(input);
    await this.recordChange(actor, "user.create", "user", created.id, input.email, { role: input.role });
    return created;
  }

  private async createUserRow(input: { email: string; name: string; role: Role; password: string }): Promise<UserView> {
    const { user } = await this.auth.api.createUser({
      // The admin plugin's types know only its default roles; it stores any role string.
      body: { email: input.email, name: input.name, password: input.password, role: input.role as "admin" },
    });
    const row = await this.db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    return userView(row);
  }

  async updateUser(
    actor: Principal,
    id: string,
    change: { name?: string; role?: Role; disabled?: boolean; password?: string },
  ): Promise<UserView> {
    const before = await this.db.prisma.user.findUnique({ where: { id } });
    if (!before) throw new AccountError(404, "not_found", `no user ${id}`);
    const losesAdmin =
      before.role === "admin" &&
      !before.banned &&
      ((change.role && change.role !== "admin") || change.disabled === true);
    if (losesAdmin) await this.refuseLastAdmin(id);
    await this.db.prisma.user.update({
      where: { id },
      data: {
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { banned: change.disabled } : {}),
      },
    });
    this.tokenCache.clear();
    // A disabled user is signed out everywhere (their tokens are refused while disabled).
    if (change.disabled === true) await this.db.prisma.session.deleteMany({ where: { userId: id } });
    if (change.password !== undefined) await this.setPassword(id, change.password);
    const fields = Object.keys(change).filter((key) => key !== "password");
    await this.recordChange(actor, "user.update", "user", id, before.email, {
      changed: change.password === undefined ? fields : [...fields, "password"],
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    });
    const row = await this.db.prisma.user.findUniqueOrThrow({ where: { id }, include: { accounts: true } });
    return userView(row);
  }

  private async setPassword(userId: string, password: string): Promise<void> {
    const context = await this.auth.$context;
    const hashed = await context.password.hash(password);
    const credential = await this.db.prisma.account.findFirst({ where: { userId, providerId: "credential" } });
    if (credential) await context.internalAdapter.updatePassword(userId, hashed);
    else
      await context.internalAdapter.linkAccount({
        userId,
        providerId: "credential",
        accountId: userId,
        password: hashed,
      });
    // An admin's reset signs the user out everywhere.
    await this.db.prisma.session.deleteMany({ where: { userId } });
  }

  async deleteUser(actor: Principal, id: string): Promise<void> {
    const user = await this.db.prisma.user.findUnique({ where: { id } });
    if (!user) throw new AccountError(404, "not_found", `no user ${id}`);
    if (user.role === "admin" && !user.banned) await this.refuseLastAdmin(id);
    // API tokens act for their maker and go with them (the plugin's rows hold no foreign key).
    // Ingest keys serve the collectors, not the person: they pass to the admin deleting the
    // maker, as deleting them could reopen OTLP or cut collectors off.
    await this.db.prisma.apikey.deleteMany({ where: { referenceId: id, configId: "api" } });
    await this.db.prisma.apikey.updateMany({ where: { referenceId: id }, data: { referenceId: actor.userId } });
    this.tokenCache.clear();
    await this.db.prisma.user.delete({ where: { id } });
    await this.recordChange(actor, "user.delete", "user", id, user.email);
  }

  private async refuseLastAdmin(id: string): Promise<void> {
    const others = await this.db.prisma.user.count({
      where: { role: "admin", banned: { not: true }, id: { not: id } },
    });
    if (others === 0)
      throw new AccountError(409, "conflict", "this is the last enabled admin: make another admin first");
  }

  // ---- API tokens and ingest keys (admins) -------------------------------------------------

  async createToken(actor: Principal, input: { name: string; role: Role; expiresAt?: Date }): Promise<CreatedSecret> {
    const created = await this.auth.api.createApiKey({
      body: {
        configId: "api",
        name: input.name,
        userId: actor.userId,
        metadata: { role: input.role },
        ...(input.expiresAt
          ? { expiresIn: Math.max(1, Math.ceil((input.expiresAt.getTime() - Date.now()) / 1000)) }
          : {}),
      },
    });
    await this.recordChange(actor, "token.create", "token", created.id, input.name, {
      role: input.role,
      expiresAt: input.expiresAt?.toISOString() ?? null,
    });
    return { id: created.id, token: created.key };
  }

  async createIngestKey(actor: Principal, input: { name: string; expiresAt?: Date }): Promise<CreatedSecret> {
    const created = await this.auth.api.createApiKey({
      body: {
        configId: "ingest",
        name: input.name,
        userId: actor.userId,
        // Not the plugin's expiresIn: it deletes an expired key, and with the last one gone
        // OTLP would be open again. An expired key stays, refused, until an admin revokes it.
        metadata: { expiresAt: input.expiresAt?.toISOString() ?? null },
      },
    });
    this.forgetIngestKeys();
    await this.recordChange(actor, "ingest_key.create", "ingest_key", created.id, input.name, {
      expiresAt: input.expiresAt?.toISOString() ?? null,
    });
    return { id: created.id, token: created.key };
  }

  async listTokens(): Promise<TokenView[]> {
    const rows = await this.keyRows("api");
    return rows.map(({ row, createdBy }) => {
      const role = parseMetadata(row.metadata).role;
      return { ...this.keyView(row, createdBy), role: isRole(role) ? role : "viewer" };
    });
  }

  async listIngestKeys(): Promise<IngestKeyView[]> {
    return (await this.keyRows("ingest")).map(({ row, createdBy }) => ({
      ...this.keyView(row, createdBy),
      expiresAt: ingestKeyExpiry(parseMetadata(row.metadata))?.toISOString() ?? null,
    }));
  }

  private async keyRows(configId: "api" | "ingest") {
    const rows = await this.db.prisma.apikey.findMany({ where: { configId }, orderBy: { createdAt: "desc" } });
    const owners = await this.db.prisma.user.findMany({ where: { id: { in: rows.map((row) => row.referenceId) } } });
    const emailOf = new Map(owners.map((owner) => [owner.id, owner.email]));
    return rows.map((row) => ({ row, createdBy: emailOf.get(row.referenceId) ?? row.referenceId }));
  }

  private keyView(
    row: {
      id: string;
      name: string | null;
      start: string | null;
      createdAt: Date;
      expiresAt: Date | null;
      lastRequest: Date | null;
    },
    createdBy: string,
  ): IngestKeyView {
    return {
      id: row.id,
      name: row.name ?? "",
      start: row.start,
      createdBy,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      lastUsedAt: row.lastRequest?.toISOString() ?? null,
    };
  }

  async revokeKey(actor: Principal, configId: "api" | "ingest", id: string): Promise<void> {
    const row = await this.db.prisma.apikey.findFirst({ where: { id, configId } });
    if (!row) throw new AccountError(404, "not_found", `no ${configId === "api" ? "token" : "ingest key"} ${id}`);
    await this.db.prisma.apikey.delete({ where: { id } });
    if (configId === "api") this.tokenCache.clear();
    if (configId === "ingest") this.forgetIngestKeys();
    const kind = configId === "api" ? "token" : "ingest_key";
    await this.recordChange(actor, `${kind}.revoke`, kind, id, row.name ?? "");
  }

  /** Whether any ingest key exists in the database (then OTLP requests must carry one). */
  async ingestKeysExist(): Promise<boolean> {
    const now = Date.now();
    if (this.ingestKeysExistCache && this.ingestKeysExistCache.until > now) return this.ingestKeysExistCache.value;
    const value = (await this.db.prisma.apikey.count({ where: { configId: "ingest" } })) > 0;
    this.ingestKeysExistCache = { value, until: now + this.ingestKeyCacheMs };
    return value;
  }

  private get ingestKeyCacheMs(): number {
    return this.options.ingestKeyCacheMs ?? 30_000;
  }

  private forgetIngestKeys(): void {
    this.ingestKeyCache.clear();
    this.ingestKeysExistCache = undefined;
  }

  /** Checks an ingest key; answers are cached briefly, as every OTLP request asks. */
  async verifyIngestKey(key: string): Promise<boolean> {
    if (!key.startsWith("tl_ing_")) return false;
    const now = Date.now();
    const cached = this.ingestKeyCache.get(key);
    if (cached && cached.until > now) return cached.valid;
    const result = await this.auth.api.verifyApiKey({ body: { key, configId: "ingest" } });
    if (this.ingestKeyCache.size > 10_000) this.ingestKeyCache.clear();
    const expiresAt = ingestKeyExpiry(result.key?.metadata)?.getTime() ?? Number.POSITIVE_INFINITY;
    const valid = result.valid && expiresAt > now;
    // Not kept past the key's expiry.
    this.ingestKeyCache.set(key, { valid, until: Math.min(now + this.ingestKeyCacheMs, expiresAt) });
    return valid;
  }

  // ---- the audit trail of changes ------------------------------------------------------------

  async recordChange(
    actor: Principal,
    action: string,
    targetType: string,
    targetId: string,
    targetName: string,
    details?: Record<string, unknown>,
    ipAddress?: string | null,
  ): Promise<void> {
    await this.audit.record({
      actor: actor.email,
      actorId: actor.userId,
      action,
      targetType,
      targetId,
      targetName,
      outcome: "success",
      ipAddress: ipAddress ?? actor.ipAddress ?? null,
      details: { ...(details ?? {}), ...(actor.via === "token" ? { viaToken: actor.tokenId } : {}) },
    });
  }
}
