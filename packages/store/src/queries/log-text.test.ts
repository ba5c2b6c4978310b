import { describe, expect, it } from "vitest";
import { bodyHasAllWords, MAX_WORDS, textWords } from "./log-text.ts";

describe("textWords", () => {
  it("splits like ClickHouse tokens, folds ASCII case, de-duplicates", () => {
    expect(textWords("Payment failed: card DECLINED")).toEqual(["payment", "failed", "card", "declined"]);
    expect(textWords("user_id=42 user_id")).toEqual(["user", "id", "42"]);
    expect(textWords("Übergröße café")).toEqual(["Übergröße", "café"]);
    expect(textWords(" ,;- ")).toEqual([]);
    expect(textWords(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(MAX_WORDS);
  });
  it("binds every word", () => {
    expect(bodyHasAllWords("it's DOWN")).toEqual({
      text: "hasAllTokens(lower(Body), {p0:Array(String)})",
      params: { p0: ["it", "s", "down"] },
    });
    expect(bodyHasAllWords("...")).toBeNull();
  });
});
