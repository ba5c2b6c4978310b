import type { AlertCondition } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { INITIAL_STATE, type InstanceState, step, type Transition } from "./state-machine.ts";

const S = 1000;
const cond = (over: Partial<AlertCondition> = {}): AlertCondition => ({
  op: ">",
  threshold: 800,
  for: "0s",
  noData: "ok",
  ...over,
});

/** Feeds values at 30 s intervals; returns every transition with its time and the last state. */
function run(condition: AlertCondition, values: (number | null)[], start: InstanceState = INITIAL_STATE, t0 = 0) {
  let state = start;
  const transitions: (Transition & { at: number })[] = [];
  values.forEach((v, i) => {
    const at = t0 + i * 30 * S;
    const r = step(state, condition, at, v);
    state = r.next;
    if (r.transition) transitions.push({ ...r.transition, at });
  });
  return { state, transitions };
}

describe("for-duration", () => {
  it("fires at once without a for-duration, and resolves when the value drops", () => {
    const { transitions, state } = run(cond(), [100, 900, 950, 700]);
    expect(transitions).toEqual([
      { from: "ok", to: "firing", at: 30 * S },
      { from: "firing", to: "resolved", at: 90 * S },
    ]);
    expect(state.firedAt).toBe(30 * S);
    expect(state.resolvedAt).toBe(90 * S);
    expect(state.activeAt).toBeNull();
  });

  it("stays pending until the condition has held for the whole duration", () => {
    // 5 min at 30 s: breaching from t=0, fires at t=300 s (the 11th evaluation).
    const values = Array.from({ length: 12 }, () => 900);
    const { transitions, state } = run(cond({ for: "5m" }), values);
    expect(transitions).toEqual([
      { from: "ok", to: "pending", at: 0 },
      { from: "pending", to: "firing", at: 300 * S },
    ]);
    expect(state.activeAt).toBe(0);
  });

  it("goes back to ok (not resolved) when a pending condition stops holding, and restarts the clock", () => {
    const values = [900, 900, 100, 900, 900, 900];
    const { transitions } = run(cond({ for: "1m" }), values);
    expect(transitions.map((t) => `${t.from}>${t.to}@${t.at / S}`)).toEqual([
      "ok>pending@0",
      "pending>ok@60",
      "ok>pending@90",
      "pending>firing@150",
    ]);
  });

  it("fires again after a resolution: resolved → pending → firing", () => {
    const { transitions } = run(cond({ for: "30s" }), [900, 900, 100, 900, 900]);
    expect(transitions.map((t) => t.to)).toEqual(["pending", "firing", "resolved", "pending", "firing"]);
  });

  it("uses the comparison and the range of the condition", () => {
    expect(run(cond({ op: "<", threshold: 10 }), [5]).state.state).toBe("firing");
    expect(run(cond({ op: "<=", threshold: 10 }), [10]).state.state).toBe("firing");
    expect(run(cond({ op: ">=", threshold: 10 }), [9]).state.state).toBe("ok");
    const outside = cond({ op: "outside", threshold: 10, thresholdHigh: 20 });
    expect(run(outside, [15]).state.state).toBe("ok");
    expect(run(outside, [25]).state.state).toBe("firing");
    expect(run(outside, [5]).state.state).toBe("firing");
  });
});

describe("N of M", () => {
  it("fires when n of the last m evaluations breach and resolves when fewer do", () => {
    const c = cond({ nOfM: { n: 3, m: 5 } });
    const { transitions } = run(c, [900, 100, 900, 100, 900, 100, 100, 100]);
    expect(transitions.map((t) => `${t.from}>${t.to}@${t.at / S}`)).toEqual([
      "ok>pending@0",
      "pending>firing@120",
      // recent at 150 s: [100,900,100,900,100] → 2 of 5 < 3; later misses do not re-open it
      "firing>resolved@150",
    ]);
  });

  it("keeps only m outcomes", () => {
    const { state } = run(cond({ nOfM: { n: 2, m: 3 } }), [900, 900, 900, 900, 100]);
    expect(state.recent).toEqual([true, true, false]);
    expect(state.state).toBe("firing");
  });
});

describe("no data", () => {
  it('"ok" treats a missing value as held', () => {
    const { transitions, state } = run(cond(), [900, null]);
    expect(transitions.map((t) => t.to)).toEqual(["firing", "resolved"]);
    expect(state.value).toBeNull();
  });

  it('"alerting" treats a missing value as a breach', () => {
    const { state } = run(cond({ noData: "alerting", for: "1m" }), [null, null, null]);
    expect(state.state).toBe("firing");
    expect(state.recent).toEqual([null]);
  });

  it('"keep" keeps the state and the for-duration clock', () => {
    const c = cond({ noData: "keep", for: "1m" });
    const { transitions } = run(c, [900, null, 900, null]);
    expect(transitions.map((t) => `${t.from}>${t.to}@${t.at / S}`)).toEqual(["ok>pending@0", "pending>firing@60"]);
  });
});

describe("restart", () => {
  it("continues from persisted state without a second firing transition", () => {
    const c = cond({ for: "1m" });
    const before = run(c, [900, 900, 900]);
    expect(before.transitions.map((t) => t.to)).toEqual(["pending", "firing"]);
    // The evaluator stores the state as JSON and reads it back after a restart.
    const restored = JSON.parse(JSON.stringify(before.state)) as InstanceState;
    const after = run(c, [950, 960, 100], restored, 90 * S);
    expect(after.transitions).toEqual([{ from: "firing", to: "resolved", at: 150 * S }]);
    expect(after.state.firedAt).toBe(60 * S);
  });
});
