import { describe, expect, it } from "vitest";
import {
  instantAt,
  isStorableInstant,
  MAX_INSTANT_MS,
  parseDurationMs,
  parseDurationSeconds,
  parseStepSeconds,
} from "./time-grammar.ts";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const H = 3_600_000;

describe("instants", () => {
  const valid: [string, number][] = [
    ["now", NOW],
    [" now ", NOW],
    ["now-30s", NOW - 30_000],
    ["now-15m", NOW - 15 * 60_000],
    ["now-6h", NOW - 6 * H],
    ["now-7d", NOW - 7 * 24 * H],
    ["now-2w", NOW - 14 * 24 * H],
    ["now+1h", NOW + H],
    ["now-0s", NOW],
    ["1700000000123", 1700000000123],
    ["1700000000123.5", 1700000000123.5],
    ["0", 0],
    ["2026-03-02T10:00:00Z", NOW],
    ["2026-03-02T11:00:00.250+01:00", NOW + 250],
    ["2026-03-02 10:00:00z", NOW],
    ["2026-03-02t10:00:00.123456789Z", NOW + 123],
  ];
  it.each(valid)("reads %j", (text, ms) => {
    expect(instantAt(text, NOW)).toBe(ms);
  });

  const invalid = [
    "",
    "now-6x",
    "now-h",
    "now-1y",
    "now-1.5h",
    "now - 1h",
    "now-",
    "nowish",
    "NOW",
    "yesterday",
    "-5",
    "1e12",
    "12345678901234567",
    "2026-03-02",
    "2026-03-02T10:00:00",
    "2026-13-02T10:00:00Z",
  ];
  it.each(invalid)("refuses %j", (text) => {
    expect(instantAt(text, NOW)).toBeUndefined();
  });

  it("knows what the store can hold: 1970 up to DateTime64(9)'s end in 2262", () => {
    expect(isStorableInstant(0)).toBe(true);
    expect(isStorableInstant(-1)).toBe(false);
    expect(new Date(MAX_INSTANT_MS).toISOString()).toBe("2262-04-11T23:47:16.854Z");
    expect(isStorableInstant(MAX_INSTANT_MS)).toBe(true);
    expect(isStorableInstant(MAX_INSTANT_MS + 1)).toBe(false);
  });
});

describe("durations", () => {
  const cases: [string, number | undefined, number | undefined, number | undefined][] = [
    // text, ms, seconds (alert windows, silences), step seconds
    ["30s", 30_000, 30, 30],
    ["5m", 300_000, 300, 300],
    ["6h", 6 * H, 21_600, 21_600],
    ["1d", 24 * H, 86_400, 86_400],
    ["2w", 14 * 24 * H, 1_209_600, 1_209_600],
    [" 1m ", 60_000, 60, 60],
    ["0s", 0, undefined, undefined],
    ["45", undefined, undefined, 45],
    ["0", undefined, undefined, undefined],
    ["1.5m", undefined, undefined, undefined],
    ["5y", undefined, undefined, undefined],
    ["m", undefined, undefined, undefined],
    ["-1m", undefined, undefined, undefined],
    ["99999999999999999w", undefined, undefined, undefined],
  ];
  it.each(cases)("%j", (text, ms, seconds, step) => {
    expect(parseDurationMs(text)).toBe(ms);
    expect(parseDurationSeconds(text)).toBe(seconds);
    expect(parseStepSeconds(text)).toBe(step);
  });
});
