// The alert list's word on alerting itself: a red banner with each problem of the evaluator or
// the notifications (evaluator-health.ts), else one quiet line on the last cycle.
"use client";

import { ProblemList } from "../../components/problem-list.tsx";
import { formatDurationMs, formatTime } from "../../lib/format.ts";
import { evaluatorProblems } from "./evaluator-health.ts";
import { useStatus } from "./use-alerts-data.ts";

export function EvaluatorBanner() {
  const { data } = useStatus();
  if (data === undefined) return null;
  const problems = evaluatorProblems(data);
  const { lastCycleAt, lastCycleMs } = data.evaluator;
  if (problems.length === 0) {
    return (
      <p data-testid="evaluator-ok" className="text-xs text-slate-500 dark:text-slate-400">
        Rules evaluated {lastCycleAt === null ? "" : formatTime(lastCycleAt)} in {formatDurationMs(lastCycleMs)}.
      </p>
    );
  }
  return <ProblemList problems={problems} testId="evaluator-problems" />;
}
