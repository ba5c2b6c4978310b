// One alert instance (a rule and one series) advanced by one evaluation: ok → pending →
// firing → resolved, by for-duration or by N of the last M evaluations, with the rule's
// no-data policy. Pure: the evaluator persists the state between evaluations (and restarts).
import type { AlertCondition, AlertState } from "@tracelight/contracts";
import { durationOrZero } from "@tracelight/contracts/values";
import { breaches } from "./condition.ts";

/** An evaluation's outcome: true breached, false held, null no data. */
export type Outcome = boolean | null;

export interface InstanceState {
  state: AlertState;
  /** When the condition started to hold (epoch ms); null while it does not. */
  activeAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  /** Outcomes of the latest evaluations, newest last (at most M, or 1 without N of M). */
  recent: Outcome[];
  value: number | null;
}

export const INITIAL_STATE: InstanceState = {
  state: "ok",
  activeAt: null,
  firedAt: null,
  resolvedAt: null,
  recent: [],
  value: null,
};

export interface Transition {
  from: AlertState;
  to: AlertState;
}

export interface StepResult {
  next: InstanceState;
  /** Set when the state changed. */
  transition: Transition | null;
}

type EngineCondition = Pick<AlertCondition, "op" | "threshold" | "thresholdHigh" | "for" | "nOfM" | "noData">;

/** Advances `current` by the evaluation at `at` whose value is `value` (null: no data). */
export function step(current: InstanceState, condition: EngineCondition, at: number, value: number | null): StepResult {
  if (value === null && condition.noData === "keep") {
    return { next: { ...current, value: null }, transition: null };
  }
  const outcome: Outcome = value === null ? condition.noData === "alerting" : breaches(condition, value);
  const keep = condition.nOfM?.m ?? 1;
  const recent = [...current.recent, value === null ? null : outcome].slice(-keep);

  const next = condition.nOfM
    ? stepNOfM(current, condition.nOfM.n, recent, outcome, at)
    : stepFor(current, durationOrZero(condition.for) * 1000, outcome, at);
  next.recent = recent;
  next.value = value;
  return { next, transition: next.state === current.state ? null : { from: current.state, to: next.state } };
}

function stepFor(current: InstanceState, forMs: number, outcome: boolean, at: number): InstanceState {
  if (outcome) {
    const activeAt = current.activeAt ?? at;
    if (current.state === "firing") return { ...current, activeAt };
    if (at - activeAt >= forMs) return { ...current, state: "firing", activeAt, firedAt: at, resolvedAt: null };
    return { ...current, state: "pending", activeAt };
  }
  return leave(current, at);
}

function stepNOfM(current: InstanceState, n: number, recent: Outcome[], outcome: boolean, at: number): InstanceState {
  const breached = recent.filter((o) => o === true).length;
  if (breached >= n) {
    const activeAt = current.activeAt ?? at;
    if (current.state === "firing") return { ...current, activeAt };
    return { ...current, state: "firing", activeAt, firedAt: at, resolvedAt: null };
  }
  if (current.state === "firing") return leave(current, at);
  // A breach, or earlier breaches still counted, but too few: pending.
  if (outcome || (current.state === "pending" && breached > 0)) {
    return { ...current, state: "pending", activeAt: current.activeAt ?? at };
  }
  return leave(current, at);
}

/** The condition no longer holds: firing → resolved, pending → ok, the rest stay. */
function leave(current: InstanceState, at: number): InstanceState {
  if (current.state === "firing") return { ...current, state: "resolved", activeAt: null, resolvedAt: at };
  if (current.state === "pending") return { ...current, state: "ok", activeAt: null };
  return { ...current, activeAt: null };
}
