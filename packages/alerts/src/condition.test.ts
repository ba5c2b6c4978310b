import { describe, expect, it } from "vitest";
import { conditionInUnit, describeCondition, ThresholdUnitError, valueInStatedUnit } from "./condition.ts";

describe("thresholds and units", () => {
  it("moves thresholds into the unit of the values", () => {
    expect(conditionInUnit({ op: ">", threshold: 500, unit: "ms" }, "s").threshold).toBeCloseTo(0.5, 12);
    const outside = conditionInUnit({ op: "outside", threshold: 10, thresholdHigh: 69, unit: "%" }, "1");
    expect(outside.threshold).toBeCloseTo(0.1, 12);
    expect(outside.thresholdHigh).toBeCloseTo(0.69, 12);
  });

  it("keeps thresholds without a unit, in the values' unit, or for values of unknown unit", () => {
    const c = { op: ">" as const, threshold: 800 };
    expect(conditionInUnit(c, "s")).toBe(c);
    expect(conditionInUnit({ ...c, unit: "s" }, "s").threshold).toBe(800);
    expect(conditionInUnit({ ...c, unit: "ms" }, "").threshold).toBe(800);
  });

  it("refuses a unit that does not convert, naming both", () => {
    expect(() => conditionInUnit({ op: ">", threshold: 1, unit: "By" }, "s")).toThrow(
      new ThresholdUnitError('condition.unit: "By" does not convert into "s", the unit of the rule\'s values'),
    );
  });

  it("shows values in the unit the threshold is written in", () => {
    expect(valueInStatedUnit({ unit: "ms" }, "s", 1.25)).toBeCloseTo(1250, 9);
    expect(valueInStatedUnit({}, "s", 1.25)).toBe(1.25);
    expect(describeCondition({ op: ">", threshold: 500, unit: "ms" })).toBe("> 500 ms");
    expect(describeCondition({ op: "outside", threshold: 1, thresholdHigh: 2, unit: "s" })).toBe("outside 1 … 2 s");
    expect(describeCondition({ op: "<", threshold: 0.5, unit: "1" })).toBe("< 0.5");
  });
});
