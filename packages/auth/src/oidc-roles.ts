// The role an OIDC sign-in gets from its claim: a string or a list (groups); the highest role
// any value maps to wins; nothing mapped → the default role.
import { ROLES, type Role } from "@tracelight/contracts";

export function roleFromClaim(claim: unknown, roleMap: Record<string, Role>, defaultRole: Role): Role {
  const values = Array.isArray(claim) ? claim : claim === undefined || claim === null ? [] : [claim];
  let best: Role | undefined;
  for (const value of values) {
    if (typeof value !== "string") continue;
    // Own entries only: a claim of "constructor" must not find Object.prototype's.
    const role =
      (Object.hasOwn(roleMap, value) ? roleMap[value] : undefined) ??
      (ROLES.includes(value as Role) ? (value as Role) : undefined);
    if (role && (best === undefined || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best ?? defaultRole;
}

/** Parses TRACELIGHT_OIDC_ROLE_MAP: "claim-value=role,other=role". */
export function parseRoleMap(text: string): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf("=");
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || !ROLES.includes(role as Role)) {
      throw new Error(`"${entry}": expected <claim value>=<${ROLES.join("|")}>`);
    }
    map[value] = role as Role;
  }
  return map;
}
