import { describe, expect, it } from "vitest";
import { textTokens } from "./log-text.ts";

describe("textTokens", () => {
  it("splits like ClickHouse tokens and folds ASCII case", () => {
    expect(textTokens("Payment failed: card DECLINED")).toEqual(["payment", "failed", "card", "declined"]);
    expect(textTokens("user_id=42 user_id")).toEqual(["user", "id", "42", "user", "id"]);
    expect(textTokens("Übergröße café")).toEqual(["Übergröße", "café"]);
    expect(textTokens(" ,;- ")).toEqual([]);
  });
});
