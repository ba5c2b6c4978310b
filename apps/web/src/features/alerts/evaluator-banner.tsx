// The alert list's word on alerting itself: a red banner with each problem of the evaluator or
// the notifications (evaluator-health.ts), else one quiet line on the last cycle.
"use client";

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
  return (
    <div
      role="alert"
      data-testid="evaluator-problems"
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <ul className="list-disc space-y-0.5 pl-4">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
