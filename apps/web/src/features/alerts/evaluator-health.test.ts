import type { AlertingStatus, StatusResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { evaluatorProblems } from "./evaluator-health.ts";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

function status(
  evaluator: Partial<StatusResponse["evaluator"]> = {},
  backlog = 0,
  oldestPendingAgeS: number | null = null,
) {
  return {
    evaluator: {
      leader: true,
      holder: "api-1:42:abcd",
      lastCycleAt: NOW - 10_000,
      lastCycleMs: 120,
      lagS: 0,
      lastError: null,
      failingRules: 0,
      ...evaluator,
    },
    notifications: { backlog, oldestPendingAgeS },
  } satisfies AlertingStatus;
}

describe("evaluatorProblems", () => {
  it("says nothing while alerting keeps up", () => {
    expect(evaluatorProblems(status(), NOW)).toEqual([]);
    // A few notifications retrying for a while are not yet a problem.
    expect(evaluatorProblems(status({}, 3, 120), NOW)).toEqual([]);
  });

  it("names each problem: never ran, no evaluator, lag, a failed cycle, failing rules, an old backlog", () => {
    expect(evaluatorProblems(status({ lastCycleAt: null, holder: null, lagS: null }), NOW)).toEqual([
      "No alert evaluation has run yet: rules are not evaluated until an api with the alerts role runs.",
    ]);
    expect(evaluatorProblems(status({ holder: null, lagS: 600 }), NOW)[0]).toMatch(/^No alert evaluator is running/);
    const all = evaluatorProblems(
      status({ lagS: 300, lastError: "database is locked", failingRules: 2 }, 5, 3600),
      NOW,
    );
    expect(all).toHaveLength(4);
    expect(all[0]).toMatch(/^Alert evaluation is 5(\.0)? min behind: the last cycle ended /);
    expect(all[1]).toBe("The last evaluation cycle failed: database is locked");
    expect(all[2]).toBe("2 rules cannot be evaluated (each says why below).");
    expect(all[3]).toMatch(/^5 notifications are waiting to be sent, the oldest for 1(\.0)? h\.$/);
  });
});
