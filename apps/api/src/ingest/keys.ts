// Optional OTLP ingest keys (TRACELIGHT_INGEST_KEYS). A request carries its key as
// `Authorization: Bearer <key>` or `x-tracelight-key: <key>` (HTTP header or gRPC metadata).
import { createHash, timingSafeEqual } from "node:crypto";
import { IngestError } from "./errors.ts";

const digest = (key: string): Buffer => createHash("sha256").update(key).digest();

export class IngestKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** Throws IngestError("unauthenticated") unless keys are off or the request carries a valid one. */
  check(authorization: string | undefined, keyHeader: string | undefined): void {
    if (!this.enabled) return;
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
    if (!ok) throw new IngestError("unauthenticated", "invalid ingest key");
  }
}
