// The version comparison, and the refusal for versions older than the minimum.
import { describe, expect, it } from "vitest";
import {
  assertEngineVersion,
  compareEngineVersions,
  EngineVersionError,
  MIN_ENGINE_VERSION,
  parseEngineVersion,
} from "../src/engine-version.ts";

describe("engine version", () => {
  it("reads the versions servers report, suffixes and all", () => {
    expect(parseEngineVersion("26.7.2.1")).toEqual([26, 7, 2, 1]);
    expect(parseEngineVersion("25.8.1.5101-lts")).toEqual([25, 8, 1, 5101]);
    expect(parseEngineVersion("24.8.14.10459.altinitystable")).toEqual([24, 8, 14, 10459]);
    expect(parseEngineVersion("26.2")).toEqual([26, 2]);
    expect(parseEngineVersion("")).toBeUndefined();
    expect(parseEngineVersion("unknown")).toBeUndefined();
  });

  it("compares part by part, numerically, missing parts as 0", () => {
    expect(compareEngineVersions([26, 2], [26, 2, 0, 0])).toBe(0);
    expect(compareEngineVersions([26, 10], [26, 9])).toBeGreaterThan(0);
    expect(compareEngineVersions([25, 12, 9], [26, 2])).toBeLessThan(0);
    expect(compareEngineVersions([26, 2, 1], [26, 2])).toBeGreaterThan(0);
    expect(compareEngineVersions([27], [26, 99])).toBeGreaterThan(0);
  });

  it("accepts the minimum and newer", () => {
    expect(MIN_ENGINE_VERSION).toBe("26.2");
    for (const v of ["26.2.1.1", "26.2", "26.3.4.1-lts", "26.10.1.1", "27.1.1.1"]) {
      expect(() => assertEngineVersion(v)).not.toThrow();
    }
  });

  it("refuses an older server, naming its version and the minimum", () => {
    for (const v of ["26.1.3.52", "25.12.1.1", "25.8.1.5101-lts", "24.8.14.10459.altinitystable"]) {
      expect(() => assertEngineVersion(v)).toThrow(EngineVersionError);
      expect(() => assertEngineVersion(v)).toThrow(`ClickHouse ${v} is too old: Tracelight needs 26.2 or newer`);
    }
    expect(() => assertEngineVersion("nonsense")).toThrow(/"nonsense": not a version/);
  });
});
