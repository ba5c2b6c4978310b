import { describe, expect, it } from "vitest";
import { firstLine, highlightParts, queryWords } from "./highlight.ts";

describe("queryWords", () => {
  it("splits like the search does: ASCII letters and digits, non-ASCII inside words, case folded", () => {
    expect(queryWords("Payment  DECLINED: card-42")).toEqual(["payment", "declined", "card", "42"]);
    expect(queryWords("café timeout timeout")).toEqual(["café", "timeout"]);
    expect(queryWords("  -- ")).toEqual([]);
  });
  it("takes only the body terms of the search language, none under NOT", () => {
    expect(queryWords('service:checkout severity>=error "Card declined" -timeout body:retry')).toEqual([
      "card",
      "declined",
      "retry",
    ]);
    expect(queryWords("(a OR b) NOT c 4bf92f3577b34da6a3ce929d0e0e4736")).toEqual(["a", "b"]);
    expect(queryWords("(unclosed")).toEqual([]);
  });
});

describe("highlightParts", () => {
  it("marks whole-word matches, case-insensitively", () => {
    expect(highlightParts("Timeout after 30s; timeouts: 2 TIMEOUT", ["timeout"])).toEqual([
      { text: "Timeout", match: true },
      { text: " after 30s; timeouts: 2 ", match: false },
      { text: "TIMEOUT", match: true },
    ]);
  });
  it("joins adjacent matches only when nothing separates them and keeps the text whole", () => {
    const text = "user=alice id=42 path=/pay/42";
    const parts = highlightParts(text, ["42", "alice"]);
    expect(parts.map((p) => p.text).join("")).toBe(text);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["alice", "42", "42"]);
  });
  it("returns the text unmarked without words, and nothing for empty text", () => {
    expect(highlightParts("abc", [])).toEqual([{ text: "abc", match: false }]);
    expect(highlightParts("", ["a"])).toEqual([]);
  });
});

describe("firstLine", () => {
  it("cuts at the first newline and says whether more follows", () => {
    expect(firstLine("one line")).toEqual({ line: "one line", more: false });
    expect(firstLine("Error: boom\r\n  at f (x.js:1)")).toEqual({ line: "Error: boom", more: true });
    expect(firstLine("trailing\n  \n")).toEqual({ line: "trailing", more: false });
  });
});
