// What the alert pages say about the evaluator and the notifications from GET /api/v1/status:
// each problem as a sentence a person can act on (none: alerting keeps up).
import type { AlertingStatus } from "@tracelight/contracts";
import { formatCount, formatTime, formatValue } from "../../lib/format.ts";

/** A notification waiting longer than this is worth saying (retries back off up to 5 min). */
const BACKLOG_AGE_S = 600;

export function evaluatorProblems({ evaluator: e, notifications: n }: AlertingStatus, now = Date.now()): string[] {
  const problems: string[] = [];
  if (e.lastCycleAt === null) {
    problems.push("No alert evaluation has run yet: rules are not evaluated until an api with the alerts role runs.");
  } else if (e.holder === null) {
    problems.push(`No alert evaluator is running: the last cycle ended ${formatTime(e.lastCycleAt, now)}.`);
  } else if (e.lagS !== null && e.lagS > 0) {
    problems.push(
      `Alert evaluation is ${formatValue(e.lagS, "s")} behind: the last cycle ended ${formatTime(e.lastCycleAt, now)}.`,
    );
  }
  if (e.lastError !== null) problems.push(`The last evaluation cycle failed: ${e.lastError}`);
  if (e.failingRules > 0) {
    problems.push(
      `${formatCount(e.failingRules)} ${e.failingRules === 1 ? "rule cannot" : "rules cannot"} be evaluated (each says why below).`,
    );
  }
  if (n.oldestPendingAgeS !== null && n.oldestPendingAgeS > BACKLOG_AGE_S) {
    problems.push(
      `${formatCount(n.backlog)} ${n.backlog === 1 ? "notification is" : "notifications are"} waiting to be sent, the oldest for ${formatValue(n.oldestPendingAgeS, "s")}.`,
    );
  }
  return problems;
}
