// The UI links of an alert: its page, and the metric view (or log search) with the rule's
// query around the breach, the breach highlighted.
import { logAlertLink, metricAlertLink } from "@tracelight/alerts";
import { windowMs } from "./rule-values.ts";
import type { StoredRule } from "./stored-rule.ts";

export interface BreachTimes {
  activeAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  lastEvalAt: number;
}

export function alertLinks(
  rule: StoredRule,
  instanceId: string,
  t: BreachTimes,
): { alert: string; metric: string | null } {
  const start = t.activeAt ?? t.firedAt;
  const alert = `/alerts/${instanceId}`;
  if (start === null) return { alert, metric: null };
  // The first breaching evaluation covered the window before it.
  const breach = { from: start - windowMs(rule), to: t.resolvedAt ?? t.lastEvalAt };
  if (breach.to < breach.from) breach.to = t.lastEvalAt;
  return {
    alert,
    metric: rule.kind === "metric" ? metricAlertLink(rule.query, breach) : logAlertLink(rule.query, breach),
  };
}
