import { describe, expect, it } from "vitest";
import { RestartPolicy } from "./restart-policy.ts";

const policy = () =>
  new RestartPolicy({ initialDelayMs: 1_000, maxDelayMs: 8_000, stableAfterMs: 60_000, maxQuickDeaths: 6 });

describe("RestartPolicy", () => {
  it("restarts a part that keeps dying quickly after doubling delays up to the ceiling, then gives up", () => {
    const p = policy();
    const decisions = Array.from({ length: 6 }, () => p.onExit(500));
    expect(decisions.slice(0, 5)).toEqual(
      [1_000, 2_000, 4_000, 8_000, 8_000].map((delayMs) => ({ restart: true, delayMs })),
    );
    expect(decisions[5]).toEqual({ restart: false, reason: "it died 6 times in a row, each within 60 s of starting" });
  });

  it("starts over after a healthy run: one death after a long run is restarted at once", () => {
    const p = policy();
    for (let i = 0; i < 5; i++) p.onExit(500);
    expect(p.onExit(60_000)).toEqual({ restart: true, delayMs: 1_000 });
    expect(p.onExit(500)).toEqual({ restart: true, delayMs: 2_000 });
  });

  it("a part that dies now and then over hours is never given up", () => {
    const p = policy();
    for (let i = 0; i < 100; i++) expect(p.onExit(3_600_000)).toEqual({ restart: true, delayMs: 1_000 });
  });
});
