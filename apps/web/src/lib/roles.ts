// What the signed-in role may do, for hiding controls: the api decides for real (403), the UI
// only avoids offering what would be refused.
import { type Role, roleAtLeast } from "@tracelight/contracts";

/** Editors and admins change rules, channels and silences. */
export function canWrite(role: Role | undefined): boolean {
  return role !== undefined && roleAtLeast(role, "editor");
}

export function hasRole(role: Role | undefined, minimum: Role): boolean {
  return role !== undefined && roleAtLeast(role, minimum);
}
