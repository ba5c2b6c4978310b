import { describe, expect, it } from "vitest";
import { loginHref, safeReturnTo } from "./return-to.ts";

describe("safeReturnTo", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeReturnTo("/alerts?state=firing")).toBe("/alerts?state=firing");
    expect(safeReturnTo("/traces/abc#span-1")).toBe("/traces/abc#span-1");
    expect(safeReturnTo("/")).toBe("/");
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["empty", ""],
    ["another site", "https://evil.test/x"],
    ["protocol-relative", "//evil.test/x"],
    ["backslash read as a slash", "/\\evil.test"],
    ["tab dropped by the parser", "/\t/evil.test"],
    ["newline dropped by the parser", "/\n/evil.test"],
    ["relative without a slash", "alerts"],
    ["javascript", "javascript:alert(1)"],
    ["the sign-in page itself", "/login?returnTo=/x"],
    ["the first-run page", "/setup"],
  ])("turns %s into /", (_, value) => {
    expect(safeReturnTo(value)).toBe("/");
  });
});

describe("loginHref", () => {
  it("carries the path, encoded, and leaves out a return to the overview", () => {
    expect(loginHref("/alerts?state=firing&q=a b")).toBe("/login?returnTo=%2Falerts%3Fstate%3Dfiring%26q%3Da%2520b");
    expect(loginHref("/")).toBe("/login");
    expect(loginHref("//evil.test")).toBe("/login");
  });
});
