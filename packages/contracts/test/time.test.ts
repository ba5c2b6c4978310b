import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AlertPreviewBodySchema, chooseStepSeconds, ServicesQuerySchema, SilenceInputSchema } from "../src/index.ts";

const NOW = Date.parse("2026-03-02T10:00:00Z");

describe("chooseStepSeconds", () => {
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
    expect(ServicesQuerySchema.parse({}).range).toEqual({ from: NOW - 3_600_000, to: NOW, explicit: false });
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
  it("resolves relative ends against one now", () => {
    expect(ServicesQuerySchema.parse({ from: "now-6h", to: "now" }).range).toEqual({
      from: NOW - 6 * 3_600_000,
      to: NOW,
      explicit: true,
    });
    expect(ServicesQuerySchema.parse({ to: "now-2w" }).range.to).toBe(NOW - 14 * 86_400_000);
  });
  it("never defaults to before 1970", () => {
    expect(ServicesQuerySchema.parse({ to: "1000" }).range).toEqual({ from: 0, to: 1000, explicit: true });
  });

  const refused: [Record<string, string>, string, RegExp][] = [
    [{ from: "soon" }, "from", /^"soon" is not a time: RFC 3339, epoch milliseconds, now or now-15m$/],
    [{ from: "now-6x" }, "from", /is not a time/],
    [{ to: "2026-03-02" }, "to", /is not a time/],
    [{ from: "2000", to: "1000" }, "from", /^must not be after `to`$/],
    [{ from: "now", to: "now-1h" }, "from", /^must not be after `to`$/],
    [{ from: "1969-12-31T23:59:59Z" }, "from", /^must be between 1970-01-01T00:00:00Z and 2262-04-11T23:47:16Z$/],
    [{ from: "now-3000w" }, "from", /^must be between 1970/],
    [{ to: "2262-04-12T00:00:00Z" }, "to", /^must be between 1970/],
    [{ to: "9999999999999999" }, "to", /^must be between 1970/],
  ];
  it.each(refused)("refuses %j naming %s", (query, field, message) => {
    const issues = ServicesQuerySchema.safeParse(query).error?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual([[field]]);
    expect(issues[0]?.message).toMatch(message);
  });
});

describe("alert bodies speak the same grammar", () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());
  const rule = { query: { metric: "m", aggregation: "avg" }, condition: { op: ">", threshold: 1 } };

  it("preview ranges", () => {
    expect(AlertPreviewBodySchema.parse({ rule, from: "now-6h", to: "now" }).range).toEqual({
      from: NOW - 6 * 3_600_000,
      to: NOW,
    });
    expect(AlertPreviewBodySchema.parse({ rule, from: NOW - 1000, to: "2026-03-02T10:00:00Z" }).range).toEqual({
      from: NOW - 1000,
      to: NOW,
    });
    const bad = AlertPreviewBodySchema.safeParse({ rule, from: "now-6x" }).error?.issues;
    expect(bad?.map((i) => i.path)).toEqual([["from"]]);
    expect(AlertPreviewBodySchema.safeParse({ rule, to: -1 }).error?.issues[0]?.path).toEqual(["to"]);
  });
  it("silence windows", () => {
    const s = SilenceInputSchema.parse({ matchers: [{ label: "a", value: "b" }], endsAt: "now+2h" });
    expect([s.startsAt, s.endsAt]).toEqual([NOW, NOW + 2 * 3_600_000]);
    const bad = SilenceInputSchema.safeParse({ matchers: [{ label: "a", value: "b" }], endsAt: "tomorrow" });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([["endsAt"]]);
  });
});
