// Which rows an alert's evidence comes from: the rule's filters narrowed to the breaching
// series' labels. A rule's `=` filters on one key are any of them, so a label on that key
// replaces them instead of being ORed in beside them.
import { parseAttributeFilter } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { seriesFilters } from "../src/alerts/evidence.ts";

const f = (...texts: string[]) => texts.map((t) => parseAttributeFilter(t)!);

describe("seriesFilters", () => {
  it("narrows an any-of to the series' value and keeps the rest", () => {
    const rule = f("service.name=cart", "service.name=checkout", "http.route!=/health", "env=prod");
    expect(seriesFilters(rule, { "service.name": "checkout", region: "eu" })).toEqual(
      f("http.route!=/health", "env=prod", "service.name=checkout", "region=eu"),
    );
    expect(seriesFilters(rule, {})).toEqual(rule);
  });
});
