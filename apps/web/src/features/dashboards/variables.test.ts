import type { DashboardPanel, DashboardVariable } from "@tracelight/contracts";
import { parseSearchQuery } from "@tracelight/search-query";
import { describe, expect, it } from "vitest";
import { attributeMetric, readVariableValues, refersTo, substituteQuery, type VariableValues } from "./variables.ts";

const service: DashboardVariable = { name: "service", kind: "service", multi: true, default: "" };
/** A panel's `q` as sent. */
const search = (q: string, values: VariableValues) => substituteQuery({ q }, values).q as string | undefined;
const host: DashboardVariable = { name: "host", kind: "attribute", attribute: "host.name", multi: false, default: "a" };

describe("dashboard variables", () => {
  it("reads the URL's values, else the default, with empty meaning none", () => {
    const params = new URLSearchParams("var-service=checkout&var-service=cart");
    expect(readVariableValues([service, host], params)).toEqual({ service: ["checkout", "cart"], host: ["a"] });
    expect(readVariableValues([service, host], new URLSearchParams("var-host=$__all"))).toEqual({
      service: [],
      host: [],
    });
  });

  it("substitutes one value in strings and lists", () => {
    const query = { metric: "m", filter: ["service.name=$service", "x!=1"], service: "$service" };
    expect(substituteQuery(query, { service: ["checkout"] })).toEqual({
      metric: "m",
      filter: ["service.name=checkout", "x!=1"],
      service: "checkout",
    });
  });

  it("drops what refers to an empty variable (all)", () => {
    const query = { metric: "m", filter: ["service.name=$service", "x!=1"], service: "$service" };
    expect(substituteQuery(query, { service: [] })).toEqual({ metric: "m", filter: ["x!=1"] });
  });

  it("repeats the parameter for several values and leaves $$ and unknown names alone", () => {
    expect(substituteQuery({ filter: ["a=$service"], service: "$service" }, { service: ["x", "y"] })).toEqual({
      filter: ["a=x", "a=y"],
      service: ["x", "y"],
    });
    expect(substituteQuery({ q: "cost $$5 $other" }, { service: ["x"] })).toEqual({ q: "cost $$5 $other" });
  });

  it("puts several values in a search query as an OR group of the field, and one as itself", () => {
    const q = (text: string, chosen: string[]) => search(text, { service: chosen });
    expect(q("service:$service level:error", ["checkout", "cart"])).toBe("service:(checkout OR cart) level:error");
    expect(q("service:$service", ["checkout"])).toBe("service:checkout");
    expect(q("timeout $service", ["a", "b"])).toBe('timeout ("a" OR "b")');
    expect(q('"failed in $service" OR -name:$service*', ["a", "b"])).toBe(
      '"failed in a" OR "failed in b" OR NOT name:(a* OR b*)',
    );
    // No reference: the query as typed; one that does not parse too (the route's error points into it).
    expect(q("level:error  cost $$5", ["a"])).toBe("level:error  cost $$5");
    expect(q("service:$service (", ["a"])).toBe("service:$service (");
  });

  it("never lets a value change a search query's structure", () => {
    const hostile = ['a" OR level:error OR "', "x) OR (y", "OR", "NOT", "-x", "a b", "k:v", "\\", "*", "$$", "$other"];
    const ast = parseSearchQuery(search("service:$service level:error", { service: hostile }) ?? "");
    expect(ast).toMatchObject({ type: "and", children: [{ type: "or" }, { type: "match", field: "level" }] });
    const group = (ast as { children: { children: { field: string; value: string; prefix: boolean }[] }[] })
      .children[0];
    expect(group?.children.map((m) => [m.field, m.value, m.prefix])).toEqual(hostile.map((v) => ["service", v, false]));
    expect(parseSearchQuery(search("$service", { service: [hostile[0]!] }) ?? "")).toMatchObject({
      type: "phrase",
      text: hostile[0],
    });
  });

  it("drops a search term whose variable is empty (all), and what only it made", () => {
    const q = (text: string) => search(text, { service: [], env: ["prod"] });
    expect(q("service:$service level:error")).toBe("level:error");
    expect(q("(service:$service OR name:x) env:$env")).toBe("env:prod");
    expect(q("-service:$service env:$env")).toBe("env:prod");
    expect(q("service:$service")).toBeUndefined();
  });

  it("finds references", () => {
    expect(refersTo({ filter: ["host.name=$host"] }, "host")).toBe(true);
    expect(refersTo({ filter: ["host.name=$hostname"] }, "host")).toBe(false);
    expect(refersTo({ q: "$$host" }, "host")).toBe(false);
  });

  it("takes an attribute variable's values from the first metric filtered by it", () => {
    const grid = { x: 0, y: 0, w: 1, h: 1 };
    const panels = [
      { id: "a", title: "", kind: "logs", grid, queries: [{ q: "$host" }] },
      { id: "b", title: "", kind: "timeseries", grid, queries: [{ metric: "m1" }] },
      { id: "c", title: "", kind: "stat", grid, queries: [{ metric: "m2", filter: ["host.name=$host"] }] },
    ] as DashboardPanel[];
    expect(attributeMetric(panels, "host")).toBe("m2");
    expect(attributeMetric(panels, "service")).toBeUndefined();
  });
});
