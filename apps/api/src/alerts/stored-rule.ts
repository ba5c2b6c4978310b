// A rule as the evaluator and the routes use it: the database row's JSON columns read back
// through the contract's schema, so a row written by an older version (or by hand) that no
// longer parses is reported instead of half-evaluated.
import { alertLabels, describeCondition, renderSummary, valueInStatedUnit } from "@tracelight/alerts";
import { type AlertRuleInput, AlertRuleInputSchema, type AttributeMap } from "@tracelight/contracts";
import type { Prisma, AlertRule as RuleRow } from "@tracelight/db";

export type StoredRule = AlertRuleInput & {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  lastEvalAt: Date | null;
  lastError: string | null;
  /** Tracelight's own rule (builtin-rules.ts); absent on a rule not stored (a preview). */
  builtinKey?: string | null;
};

export class StoredRuleError extends Error {
  override name = "StoredRuleError";
}

export function readStoredRule(row: RuleRow, channelIds: readonly string[]): StoredRule {
  const parsed = AlertRuleInputSchema.safeParse({
    name: row.name,
    kind: row.kind,
    query: row.query,
    condition: row.condition,
    labels: row.labels,
    severity: row.severity,
    summary: row.summary,
    enabled: row.enabled,
    channelIds,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoredRuleError(`rule ${row.id} is invalid: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const { id, createdAt, updatedAt, lastEvalAt, lastError, builtinKey } = row;
  return { ...parsed.data, id, createdAt, updatedAt, lastEvalAt, lastError, builtinKey };
}

/** Prisma's unique-constraint error (P2002). */
export const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/** Contract shapes are plain JSON; Prisma's JSON input type cannot see that through interfaces. */
const json = (value: object) => value as unknown as Prisma.InputJsonValue;

/** The columns written for a rule (channels are written separately). */
export function ruleColumns(rule: AlertRuleInput) {
  return {
    name: rule.name,
    kind: rule.kind,
    query: json(rule.query),
    condition: json(rule.condition),
    labels: rule.labels,
    severity: rule.severity,
    summary: rule.summary,
    enabled: rule.enabled,
  };
}

/** "p99(http.server.request.duration)" or "count(ERROR logs of checkout)": what the value is. */
export function ruleSubject(rule: AlertRuleInput): string {
  if (rule.kind === "metric") return `${rule.query.aggregation}(${rule.query.metric})`;
  const parts = [rule.query.severity, "logs", rule.query.service && `of ${rule.query.service}`];
  return `count(${parts.filter(Boolean).join(" ")})`;
}

/**
 * An alert's labels and rendered summary for one series of the rule at `value` (in `valueUnit`):
 * the summary shows the value in the unit the threshold is written in, as the threshold.
 */
export function describeAlert(
  rule: StoredRule,
  seriesLabels: AttributeMap,
  value: number | null,
  valueUnit: string,
): { labels: AttributeMap; summary: string } {
  const labels = alertLabels(rule, seriesLabels);
  const summary = renderSummary({
    template: rule.summary,
    ruleName: rule.name,
    subject: ruleSubject(rule),
    conditionText: describeCondition(rule.condition),
    threshold: rule.condition.threshold,
    value: value === null ? null : valueInStatedUnit(rule.condition, valueUnit, value),
    labels,
  });
  return { labels, summary };
}
