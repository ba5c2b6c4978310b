// The accounts the account specs make on the shared pair, and what they name, for
// specs/accounts/audit.spec.ts to find in the audit log.
import type { Role } from "@tracelight/contracts";

interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const VIEWER: NewUser = {
  email: "viewer@e2e.test",
  name: "Vera Viewer",
  role: "viewer",
  password: "viewer-password",
};
export const EDITOR: NewUser = {
  email: "editor@e2e.test",
  name: "Ed Editor",
  role: "editor",
  password: "editor-password",
};
/** The rule the editor makes (roles.spec.ts). */
export const EDITOR_RULE = "checkout volume (roles spec)";
/** The API token and the ingest key tokens.spec.ts makes and revokes. */
export const TOKEN_NAME = "ci-deploy";
export const INGEST_KEY_NAME = "prod-collector";
