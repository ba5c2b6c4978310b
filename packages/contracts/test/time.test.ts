import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chooseStepSeconds, parseInstant, parseStepSeconds, ServicesQuerySchema } from "../src/index.ts";

const NOW = Date.parse("2026-03-02T10:00:00Z");

describe("parseInstant", () => {
  it("reads epoch ms and RFC 3339", () => {
    expect(parseInstant("1700000000123")).toBe(1700000000123);
    expect(parseInstant("2026-03-02T10:00:00Z")).toBe(NOW);
    expect(parseInstant("2026-03-02T11:00:00.250+01:00")).toBe(NOW + 250);
    expect(parseInstant("2026-03-02 10:00:00z")).toBe(NOW);
  });
  it("refuses other formats", () => {
    for (const bad of ["yesterday", "2026-03-02", "2026-03-02T10:00:00", "-5", "1e12", ""]) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });
});

describe("parseStepSeconds", () => {
  it("reads units and bare seconds", () => {
    expect(parseStepSeconds("30s")).toBe(30);
    expect(parseStepSeconds("1m")).toBe(60);
    expect(parseStepSeconds("2h")).toBe(7200);
    expect(parseStepSeconds("1d")).toBe(86400);
    expect(parseStepSeconds("45")).toBe(45);
    expect(parseStepSeconds("0")).toBeUndefined();
    expect(parseStepSeconds("1.5m")).toBeUndefined();
    expect(parseStepSeconds("5w")).toBeUndefined();
  });
  it("chooses a round default near 120 points", () => {
    expect(chooseStepSeconds(3_600_000, 1)).toBe(30);
    expect(chooseStepSeconds(86_400_000, 1)).toBe(900);
    expect(chooseStepSeconds(3_600_000, 60)).toBe(60);
    expect(chooseStepSeconds(3_600_000, 1, 7)).toBe(7);
  });
});

describe("time range", () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it("defaults to the last hour", () => {
    expect(ServicesQuerySchema.parse({})).toEqual({ range: { from: NOW - 3_600_000, to: NOW, explicit: false } });
    expect(ServicesQuerySchema.parse({ from: "", to: "" }).range.explicit).toBe(false);
  });
  it("fills the missing end", () => {
    expect(ServicesQuerySchema.parse({ to: "1000000000000" }).range).toEqual({
      from: 1000000000000 - 3_600_000,
      to: 1000000000000,
      explicit: true,
    });
    expect(ServicesQuerySchema.parse({ from: String(NOW - 60_000) }).range).toEqual({
      from: NOW - 60_000,
      to: NOW,
      explicit: true,
    });
  });
  it("names the bad field", () => {
    const bad = ServicesQuerySchema.safeParse({ from: "soon" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["from"]);
    const reversed = ServicesQuerySchema.safeParse({ from: "2000", to: "1000" });
    expect(reversed.error?.issues[0]?.path).toEqual(["from"]);
  });
});
