import { parseSearchQuery } from "@tracelight/search-query";
import { describe, expect, it } from "vitest";
import { panelLink } from "./panel-links.ts";

const range = { from: "now-1h", to: "now" };
const params = (href: string) => new URL(href, "http://x").searchParams;

describe("panelLink", () => {
  it("opens the panel's view with its query and the page's range", () => {
    const link = panelLink("logs", { service: "checkout", severity: "ERROR" }, range);
    expect(link?.label).toBe("Open in log search");
    const p = params(link?.href ?? "");
    expect(new URL(link?.href ?? "", "http://x").pathname).toBe("/logs");
    expect([p.get("from"), p.get("to"), p.getAll("service"), p.get("severity")]).toEqual([
      "now-1h",
      "now",
      ["checkout"],
      "ERROR",
    ]);
  });

  it("puts several services into the search box, where log and trace search can take them", () => {
    const p = params(panelLink("traces", { service: ["checkout", "my api"], q: "duration>1s" }, range)?.href ?? "");
    expect(p.getAll("service")).toEqual([]);
    expect(p.get("q")).toBe('(duration>1s) service:(checkout OR "my api")');
    expect(() => parseSearchQuery(p.get("q") ?? "")).not.toThrow();
  });

  it("keeps a hostile service value one value", () => {
    const q = params(panelLink("logs", { service: ["a OR b", 'x")'] }, range)?.href ?? "").get("q") ?? "";
    const ast = parseSearchQuery(q);
    expect(ast).toMatchObject({ type: "or", children: [{ value: "a OR b" }, { value: 'x")' }] });
  });

  it("leaves the metric explorer's query as it is (its routes take repeated filters)", () => {
    const p = params(panelLink("timeseries", { metric: "m", filter: ["k=a", "k=b"] }, range)?.href ?? "");
    expect(p.getAll("filter")).toEqual(["k=a", "k=b"]);
    expect(panelLink("markdown", {}, range)).toBeUndefined();
  });
});
