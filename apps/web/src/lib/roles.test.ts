import { expect, it } from "vitest";
import { canWrite, hasRole } from "./roles.ts";

it("lets editors and admins write, and no one whose role is not known yet", () => {
  expect([undefined, "viewer", "editor", "admin"].map((r) => canWrite(r as never))).toEqual([false, false, true, true]);
});

it("orders the roles viewer < editor < admin", () => {
  expect(hasRole("admin", "editor")).toBe(true);
  expect(hasRole("editor", "admin")).toBe(false);
  expect(hasRole("viewer", "viewer")).toBe(true);
  expect(hasRole(undefined, "viewer")).toBe(false);
});
