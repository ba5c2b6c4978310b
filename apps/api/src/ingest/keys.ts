// OTLP ingest keys. A request carries its key as `Authorization: Bearer <key>` or
// `x-tracelight-key: <key>` (HTTP header or gRPC metadata). Keys come from
// TRACELIGHT_INGEST_KEYS (headless installs) and from the accounts store (made in the UI);
// while neither holds any, OTLP is open.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { IngestError } from "./errors.ts";

const digest = (key: string): Buffer => createHash("sha256").update(key).digest();

/** The keys made in the UI (packages/auth's Accounts). */
export interface StoredIngestKeys {
  ingestKeysExist(): Promise<boolean>;
  verifyIngestKey(key: string): Promise<boolean>;
}

export class IngestKeys {
  private readonly digests: Buffer[];
  /** This process's own key, for its self-metrics sent to its own listener. */
  readonly ownKey = `tl_own_${randomBytes(24).toString("base64url")}`;

  constructor(
    keys: readonly string[],
    private readonly stored?: StoredIngestKeys,
  ) {
    this.digests = [...keys, this.ownKey].map(digest);
  }

  private async enabled(): Promise<boolean> {
    return this.digests.length > 1 || ((await this.stored?.ingestKeysExist()) ?? false);
  }

  /** Throws IngestError("unauthenticated") unless keys are off or the request carries a valid one. */
  async check(authorization: string | undefined, keyHeader: string | undefined): Promise<void> {
    if (!(await this.enabled())) return;
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "")?.[1];
    const presented = keyHeader?.trim() || bearer?.trim();
    if (!presented) {
      throw new IngestError(
        "unauthenticated",
        "missing ingest key: send `Authorization: Bearer <key>` or `x-tracelight-key: <key>`",
      );
    }
    // Compare fixed-length digests in constant time, against every key (no early exit).
    const candidate = digest(presented);
    let ok = false;
    for (const known of this.digests) ok = timingSafeEqual(known, candidate) || ok;
    if (!ok && this.stored) ok = await this.stored.verifyIngestKey(presented);
    if (!ok) throw new IngestError("unauthenticated", "invalid ingest key");
  }
}
