import { describe, expect, it } from "vitest";
import { sparklinePaths } from "./sparkline-path.ts";

describe("sparklinePaths", () => {
  const box = { width: 100, height: 20, pad: 0 };

  it("spreads values across the width and scales from zero to the largest value", () => {
    const { line, last } = sparklinePaths([0, 5, 10], box);
    expect(line).toBe("M0 20 L50 10 L100 0");
    expect(last).toEqual({ x: 100, y: 0 });
  });

  it("closes the area down to the bottom edge", () => {
    expect(sparklinePaths([0, 10], box).area).toBe("M0 20 L100 0 L100 20 L0 20 Z");
  });

  it("keeps the padding free", () => {
    expect(sparklinePaths([0, 10], { width: 10, height: 20, pad: 2 }).line).toBe("M0 18 L10 2");
  });

  it("draws all-zero (or constant zero) values along the bottom", () => {
    expect(sparklinePaths([0, 0, 0], box).line).toBe("M0 20 L50 20 L100 20");
  });

  it("breaks the line at nulls and marks a lone point with a tick", () => {
    const { line, area, last } = sparklinePaths([1, 2, null, 2, null], box);
    expect(line).toBe("M0 10 L25 0 M75 0 h1");
    expect(area.split("Z")).toHaveLength(3);
    expect(last).toEqual({ x: 75, y: 0 });
  });

  it("draws nothing when every value is null or the list is empty", () => {
    expect(sparklinePaths([null, null], box)).toEqual({ line: "", area: "" });
    expect(sparklinePaths([], box)).toEqual({ line: "", area: "" });
  });

  it("draws one value as a level line across the width", () => {
    expect(sparklinePaths([4], box).line).toBe("M0 0 L100 0");
  });

  it("clamps to a given ceiling (a shared scale across rows)", () => {
    expect(sparklinePaths([0, 20], { ...box, ceiling: 10 }).line).toBe("M0 20 L100 0");
    expect(sparklinePaths([0, 5], { ...box, ceiling: 10 }).line).toBe("M0 20 L100 10");
  });

  it("ignores non-finite values like nulls", () => {
    expect(sparklinePaths([1, Number.NaN, 1], box).line).toBe("M0 0 h1 M100 0 h1");
  });
});
