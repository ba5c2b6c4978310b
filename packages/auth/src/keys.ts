// API tokens (tl_api_…, act with their own role on /api/v1) and ingest keys (tl_ing_…, for OTLP),
// both the API-key plugin's rows: made, listed, revoked, and checked on every request with
// short in-process caches that a local revoke clears at once.
import type { CreatedSecret, IngestKeyView, Role, TokenView } from "@tracelight/contracts";
import { roleAtLeast } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { AuditLog } from "./audit-log.ts";
import { type BetterAuth, isRole } from "./create-auth.ts";
import { AccountError, type Principal } from "./principal.ts";

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

/** An ingest key's expiry, kept in its metadata (Keys.createIngestKey says why). */
const ingestKeyExpiry = (metadata: unknown): Date | undefined => {
  // An ISO string; the plugin's verify answers it revived as a Date.
  const value = (metadata as Record<string, unknown> | null | undefined)?.expiresAt;
  return typeof value === "string" || value instanceof Date ? new Date(value) : undefined;
};

/**
 * How long a verified API token is trusted without asking the database again. A revoke, or a
 * change to its maker, clears it in this process at once; other replicas notice within this.
 */
export const TOKEN_CACHE_MS = 5_000;

export class Keys {
  private readonly ingestKeyCache = new Map<string, { valid: boolean; until: number }>();
  private ingestKeysExistCache: { value: boolean; until: number } | undefined;
  /** Verified API tokens: verifying costs a read and a write of the key's row on every request. */
  private readonly tokenCache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly auth: BetterAuth,
    private readonly db: Database,
    private readonly audit: AuditLog,
    /** Ingest keys verified in the last this many ms are not looked up again (revocation elsewhere takes this long). */
    private readonly ingestKeyCacheMs = 30_000,
  ) {}

  /** Forgets verified tokens: their maker changed (role, disabled, deleted) or one was revoked. */
  forgetTokens(): void {
    this.tokenCache.clear();
  }

  /** The principal an API token acts as; null when it is not a valid one. */
  async principalFor(token: string): Promise<Principal | null> {
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
    await this.audit.recordChange(actor, "token.create", "token", created.id, input.name, {
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
    await this.audit.recordChange(actor, "ingest_key.create", "ingest_key", created.id, input.name, {
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

  async revoke(actor: Principal, configId: "api" | "ingest", id: string): Promise<void> {
    const row = await this.db.prisma.apikey.findFirst({ where: { id, configId } });
    if (!row) throw new AccountError(404, "not_found", `no ${configId === "api" ? "token" : "ingest key"} ${id}`);
    await this.db.prisma.apikey.delete({ where: { id } });
    if (configId === "api") this.forgetTokens();
    if (configId === "ingest") this.forgetIngestKeys();
    const kind = configId === "api" ? "token" : "ingest_key";
    await this.audit.recordChange(actor, `${kind}.revoke`, kind, id, row.name ?? "");
  }

  /** Whether any ingest key exists in the database (then OTLP requests must carry one). */
  async ingestKeysExist(): Promise<boolean> {
    const now = Date.now();
    if (this.ingestKeysExistCache && this.ingestKeysExistCache.until > now) return this.ingestKeysExistCache.value;
    const value = (await this.db.prisma.apikey.count({ where: { configId: "ingest" } })) > 0;
    this.ingestKeysExistCache = { value, until: now + this.ingestKeyCacheMs };
    return value;
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
}
