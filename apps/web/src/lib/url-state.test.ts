import { describe, expect, it } from "vitest";
import { hrefWith, mergeSearch } from "./url-state.ts";

describe("mergeSearch", () => {
  it("sets, replaces and removes keys, keeping the others in order", () => {
    expect(mergeSearch("from=now-1h&to=now&q=timeout", { q: "refused", service: "checkout" })).toBe(
      "from=now-1h&to=now&q=refused&service=checkout",
    );
    expect(mergeSearch("from=now-1h&q=x", { q: "", from: null })).toBe("");
    expect(mergeSearch("a=1", { b: undefined, c: false, d: true, e: 0 })).toBe("a=1&d=true&e=0");
  });
  it("repeats a key for a list and removes it for an empty list", () => {
    expect(mergeSearch("attr=a%3D1", { attr: ["http.route=/pay", "k!=v"] })).toBe(
      "attr=http.route%3D%2Fpay&attr=k%21%3Dv",
    );
    expect(mergeSearch("attr=a%3D1&x=1", { attr: [] })).toBe("x=1");
  });
  it("survives a round trip through URLSearchParams for hostile values", () => {
    const value = "a&b=c?d#e f%20 ünï";
    const search = mergeSearch("", { q: value });
    expect(new URLSearchParams(search).get("q")).toBe(value);
  });
});

describe("hrefWith", () => {
  it("builds a path with or without a query", () => {
    expect(hrefWith("/logs", { traceId: "ab", from: "1", to: "2" })).toBe("/logs?traceId=ab&from=1&to=2");
    expect(hrefWith("/logs", { traceId: undefined })).toBe("/logs");
  });
});
