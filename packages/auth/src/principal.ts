// Who a request is, and the refusals the accounts code answers with.
import type { Role } from "@tracelight/contracts";

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
