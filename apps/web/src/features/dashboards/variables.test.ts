import type { DashboardPanel, DashboardVariable } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { attributeMetric, readVariableValues, refersTo, substituteQuery } from "./variables.ts";

const service: DashboardVariable = { name: "service", kind: "service", multi: true, default: "" };
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
