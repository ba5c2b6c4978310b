import { describe, expect, it } from "vitest";
import { ssoProblem } from "./sso-problem.ts";

describe("ssoProblem", () => {
  it("is nothing without an error", () => {
    expect(ssoProblem({ returnTo: "/traces" })).toBeUndefined();
  });
  it("prefers the provider's description, capped", () => {
    expect(ssoProblem({ error: "BANNED_USER", error_description: "this account is disabled: ask an admin" })).toBe(
      "Single sign-on failed: this account is disabled: ask an admin.",
    );
    expect(ssoProblem({ error: "x", error_description: "d".repeat(1000) })?.length).toBeLessThan(340);
  });
  it("falls back to the code in words", () => {
    expect(ssoProblem({ error: ["state_mismatch", "other"] })).toBe("Single sign-on failed: state mismatch.");
  });
});
