// Replays a rule over a series' past points (one point per evaluation window) to show where
// it would have fired: the preview in the rule editor. Coarser than the evaluator, which
// runs every ALERT_EVAL_INTERVAL_S over a sliding window; the state machine is the same.
import type { AlertCondition, MetricPoint } from "@tracelight/contracts";
import { INITIAL_STATE, step } from "./state-machine.ts";

export interface FiringInterval {
  from: number;
  to: number;
}

/** Points are [bucket start ms, value]; each is evaluated at its bucket's end. */
export function replayFiring(
  points: readonly MetricPoint[],
  condition: Pick<AlertCondition, "op" | "threshold" | "thresholdHigh" | "for" | "nOfM" | "noData">,
  stepMs: number,
): FiringInterval[] {
  const intervals: FiringInterval[] = [];
  let state = INITIAL_STATE;
  let openedAt: number | null = null;
  let lastAt = 0;
  for (const [t, value] of points) {
    const at = t + stepMs;
    lastAt = at;
    state = step(state, condition, at, value).next;
    if (state.state === "firing" && openedAt === null) openedAt = state.firedAt ?? at;
    if (state.state !== "firing" && openedAt !== null) {
      intervals.push({ from: openedAt, to: at });
      openedAt = null;
    }
  }
  if (openedAt !== null) intervals.push({ from: openedAt, to: lastAt });
  return intervals;
}
