import { describe, expect, it } from "vitest";
import { widenRange } from "./widen-range.ts";

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

describe("widenRange", () => {
  it("moves a relative range to the next preset at least four times as long", () => {
    expect(widenRange({ from: "now-15m", to: "now" }, { fromMs: NOW - HOUR / 4, toMs: NOW })).toEqual({
      from: "now-1h",
      to: "now",
    });
    expect(widenRange({ from: "now-1h", to: "now" }, { fromMs: NOW - HOUR, toMs: NOW })).toEqual({
      from: "now-6h",
      to: "now",
    });
    expect(widenRange({ from: "now-7d", to: "now" }, { fromMs: NOW - 168 * HOUR, toMs: NOW })).toEqual({
      from: "now-28d",
      to: "now",
    });
  });
  it("grows an absolute range four times around its centre", () => {
    expect(widenRange({ from: String(NOW - HOUR), to: String(NOW) }, { fromMs: NOW - HOUR, toMs: NOW })).toEqual({
      from: String(NOW - 2.5 * HOUR),
      to: String(NOW + 1.5 * HOUR),
    });
  });
});
