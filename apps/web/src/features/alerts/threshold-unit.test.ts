import { AlertRuleBodySchema } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { checkDraft, emptyDraft } from "./rule-draft.ts";
import { fitThresholdUnit, ruleValueUnit, thresholdUnits, unitChoiceLabel } from "./threshold-unit.ts";

describe("thresholdUnits", () => {
  it("offers the units that convert into the values' unit", () => {
    expect(thresholdUnits("s")).toEqual(["ns", "us", "ms", "s", "min", "h"]);
    expect(thresholdUnits("By")).toEqual(["By", "KiBy", "MiBy", "GiBy", "TiBy", "kBy", "MBy", "GBy", "TBy"]);
    expect(thresholdUnits("1")).toEqual(["%", "1"]);
  });

  it("offers a unit that converts into nothing else alone, and nothing without a unit", () => {
    expect(thresholdUnits("{request}")).toEqual(["{request}"]);
    expect(thresholdUnits("")).toEqual([]);
  });

  it("labels units as they read", () => {
    expect(["us", "MiBy", "%", "1", "{request}"].map(unitChoiceLabel)).toEqual([
      "µs",
      "MiB",
      "%",
      "ratio (1 = 100 %)",
      "request",
    ]);
  });
});

describe("the unit of a rule's values and its threshold", () => {
  const histogram = { unit: "ms", type: "histogram" as const };

  it("is the metric's answer unit, except for counts and rates", () => {
    expect(ruleValueUnit(histogram, "p99")).toBe("ms");
    expect(ruleValueUnit(histogram, "count")).toBe("");
    expect(ruleValueUnit(histogram, "rate")).toBe("/s");
    expect(ruleValueUnit(undefined, "p99")).toBe("");
  });

  it("keeps a chosen unit while it converts, else takes the values' unit, and states none without a choice", () => {
    expect(fitThresholdUnit("s", "ms")).toBe("s");
    expect(fitThresholdUnit("", "ms")).toBe("ms");
    expect(fitThresholdUnit("By", "ms")).toBe("ms");
    expect(fitThresholdUnit("s", "")).toBe("");
    expect(fitThresholdUnit("s", "{request}")).toBe("");
  });

  it("round-trips through the draft into the request body's condition.unit", () => {
    const draft = {
      ...emptyDraft(),
      name: "slow",
      metric: "http.server.request.duration",
      aggregation: "p99",
      threshold: "800",
      unit: "ms",
    };
    const { body } = checkDraft(draft, "histogram");
    expect(body?.condition).toMatchObject({ threshold: 800, unit: "ms" });
    expect(AlertRuleBodySchema.safeParse(body).success).toBe(true);
    expect(checkDraft({ ...draft, unit: "" }, "histogram").body?.condition).not.toHaveProperty("unit");
  });
});
