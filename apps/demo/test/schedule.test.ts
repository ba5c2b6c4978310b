import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { incidentActive, msUntilChange } from "../src/schedule.ts";

const s = { periodS: 120, startS: 20, durationS: 40 };
const at = (seconds: number) => seconds * 1000;

describe("incident schedule", () => {
  it("is on from start to start + duration of every period, end exclusive", () => {
    expect(incidentActive(at(0), s)).toBe(false);
    expect(incidentActive(at(19.999), s)).toBe(false);
    expect(incidentActive(at(20), s)).toBe(true);
    expect(incidentActive(at(59.999), s)).toBe(true);
    expect(incidentActive(at(60), s)).toBe(false);
    expect(incidentActive(at(119), s)).toBe(false);
    expect(incidentActive(at(120 + 20), s)).toBe(true);
    expect(incidentActive(at(10 * 120 + 45), s)).toBe(true);
    expect(incidentActive(at(10 * 120 + 61), s)).toBe(false);
  });

  it("is off before the start and when the duration is 0", () => {
    expect(incidentActive(-1, s)).toBe(false);
    expect(incidentActive(at(30), { ...s, durationS: 0 })).toBe(false);
  });

  it("starts at once with a start offset of 0", () => {
    const now = { ...s, startS: 0 };
    expect(incidentActive(0, now)).toBe(true);
    expect(incidentActive(at(39.9), now)).toBe(true);
    expect(incidentActive(at(40), now)).toBe(false);
  });

  it("says how long until the next switch", () => {
    expect(msUntilChange(at(0), s)).toBe(at(20));
    expect(msUntilChange(at(25), s)).toBe(at(35));
    expect(msUntilChange(at(60), s)).toBe(at(80));
    expect(msUntilChange(at(130), s)).toBe(at(10));
    expect(msUntilChange(at(5), { ...s, durationS: 0 })).toBeUndefined();
    expect(msUntilChange(at(5), { periodS: 60, startS: 0, durationS: 60 })).toBeUndefined();
  });

  it("with the default configuration, the first incident begins within 30 s of start", () => {
    const { incident } = parseConfig({});
    const firstOn = [...Array(30_001).keys()].find((ms) => incidentActive(ms, incident));
    expect(firstOn).toBeDefined();
    expect(firstOn).toBeLessThanOrEqual(30_000);
  });
});
