// Password sign-in limits, counted from the audit log's failures so every replica sees the
// same count: per account (guessing one password) and per address (spraying many accounts).
import type { AuditLog } from "./audit-log.ts";

export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

export class LoginThrottle {
  constructor(
    private readonly audit: AuditLog,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** Why this attempt is refused, or null when it may go ahead. */
  async refusal(email: string, ipAddress: string | null, now = new Date()): Promise<string | null> {
    const since = new Date(now.getTime() - this.limits.windowMs);
    const minutes = Math.round(this.limits.windowMs / 60_000);
    if ((await this.audit.countFailures(since, { actor: email })) >= this.limits.perAccount) {
      return `too many failed sign-ins for this account: try again in ${minutes} minutes or ask an admin to reset the password`;
    }
    if (ipAddress && (await this.audit.countFailures(since, { ipAddress })) >= this.limits.perAddress) {
      return `too many failed sign-ins from this address: try again in ${minutes} minutes`;
    }
    return null;
  }
}
