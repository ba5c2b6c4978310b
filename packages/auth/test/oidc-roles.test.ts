// The role an OIDC sign-in gets from its claim, and TRACELIGHT_OIDC_ROLE_MAP's parser.
import { describe, expect, it } from "vitest";
import { parseRoleMap, roleFromClaim } from "../src/oidc-roles.ts";

describe("roleFromClaim", () => {
  const map = parseRoleMap("obs-admins=admin, obs-editors=editor, staff=viewer");

  it("maps a string claim; a value named like a role needs no entry; nothing mapped → the default", () => {
    expect(roleFromClaim("obs-editors", map, "viewer")).toBe("editor");
    expect(roleFromClaim("admin", {}, "viewer")).toBe("admin");
    expect(roleFromClaim("contractors", map, "viewer")).toBe("viewer");
    expect(roleFromClaim("contractors", map, "editor")).toBe("editor");
    // Exact: neither case nor spaces are forgiven.
    expect(roleFromClaim("Admin", {}, "viewer")).toBe("viewer");
    expect(roleFromClaim(" obs-admins", map, "viewer")).toBe("viewer");
  });

  it("a list (groups) gives the highest role any value maps to", () => {
    expect(roleFromClaim(["staff", "obs-editors", "unknown"], map, "viewer")).toBe("editor");
    expect(roleFromClaim(["obs-admins", "staff"], map, "viewer")).toBe("admin");
    expect(roleFromClaim([], map, "editor")).toBe("editor");
  });

  it("a map entry wins over a role's name", () => {
    expect(roleFromClaim("admin", parseRoleMap("admin=viewer"), "viewer")).toBe("viewer");
  });

  it("absent, null and non-string claims give the default", () => {
    for (const claim of [undefined, null, 42, true, { role: "admin" }, [1, null, { admin: true }]]) {
      expect(roleFromClaim(claim, map, "viewer"), JSON.stringify(claim)).toBe("viewer");
    }
  });

  it("a claim named like an object's own members maps to nothing", () => {
    for (const claim of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(roleFromClaim(claim, map, "viewer"), claim).toBe("viewer");
      expect(roleFromClaim([claim, "obs-editors"], map, "viewer"), claim).toBe("editor");
    }
  });
});

describe("parseRoleMap", () => {
  it("reads value=role pairs, trimming and skipping empty entries", () => {
    expect(parseRoleMap(" a=admin ,, b = editor,c=viewer, ")).toEqual({ a: "admin", b: "editor", c: "viewer" });
    expect(parseRoleMap("")).toEqual({});
  });

  it("a value may hold '=' (the last one splits)", () => {
    expect(parseRoleMap("team=a=editor")).toEqual({ "team=a": "editor" });
  });

  it("refuses an entry without a value or with an unknown role, naming it", () => {
    expect(() => parseRoleMap("ops=owner")).toThrow(/"ops=owner": expected <claim value>=<viewer\|editor\|admin>/);
    expect(() => parseRoleMap("=admin")).toThrow(/"=admin"/);
    expect(() => parseRoleMap("ops")).toThrow(/"ops"/);
  });
});
