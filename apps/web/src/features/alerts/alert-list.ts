// The alert list's rows: every alert instance, plus one "ok" row per rule with nothing firing
// or pending, and how they are filtered (state, text) and sorted (state, start, rule). Pure.
import type { Alert, AlertRule } from "@tracelight/contracts";
import type { AlertSeverity, AttributeMap } from "@tracelight/contracts/values";
import { conditionText } from "./condition-text.ts";

/** What the list shows: a firing or pending alert matched by a silence reads "silenced". */
export const DISPLAY_STATES = ["firing", "pending", "silenced", "resolved", "ok"] as const;
export type DisplayState = (typeof DISPLAY_STATES)[number];

export const SORT_KEYS = ["state", "started", "rule"] as const;
export type ListSort = (typeof SORT_KEYS)[number];

export interface AlertListRow {
  /** Unique within the list. */
  key: string;
  state: DisplayState;
  ruleId: string;
  ruleName: string;
  severity: AlertSeverity;
  labels: AttributeMap;
  value: number | null;
  /** Of value: "ms", "By"…, "" when unknown. */
  unit: string;
  /** The rule's condition as text, "> 800 ms". */
  condition: string;
  summary: string;
  startedAt: number | null;
  resolvedAt: number | null;
  /** The alert's detail page, or the rule's editor for an "ok" rule row. */
  href: string;
  /** Rule rows only: a disabled rule is never evaluated. */
  enabled?: boolean;
  /** Why the rule's last evaluation failed, if it did. */
  evalError: string | null;
}

const STATE_RANK: Record<DisplayState, number> = { firing: 0, pending: 1, silenced: 2, resolved: 3, ok: 4 };
const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

export function displayState(alert: Pick<Alert, "state" | "silenced">): DisplayState {
  if (alert.silenced && (alert.state === "firing" || alert.state === "pending")) return "silenced";
  return alert.state;
}

export function alertHref(id: string): string {
  return `/alerts/${encodeURIComponent(id)}`;
}

export function ruleHref(id: string): string {
  return `/alerts/rules/${encodeURIComponent(id)}`;
}

/**
 * Alerts as rows, and each rule that has no firing or pending instance in `alerts` as an "ok"
 * row. The alert list decides, not the rule's counts: the API leaves out a disabled rule's
 * alerts (their state is stale) while its counts still hold them.
 */
export function buildRows(alerts: readonly Alert[], rules: readonly AlertRule[]): AlertListRow[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const rows: AlertListRow[] = alerts.map((a) => ({
    key: `alert:${a.id}`,
    state: displayState(a),
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    severity: a.severity,
    labels: a.labels,
    value: a.value,
    unit: a.unit,
    condition: conditionOf(byId.get(a.ruleId), a.unit),
    summary: a.summary,
    startedAt: a.startedAt,
    resolvedAt: a.resolvedAt,
    href: alertHref(a.id),
    evalError: byId.get(a.ruleId)?.health.error ?? null,
  }));
  const active = new Set(alerts.filter((a) => a.state === "firing" || a.state === "pending").map((a) => a.ruleId));
  for (const rule of rules) {
    if (active.has(rule.id)) continue;
    rows.push({
      key: `rule:${rule.id}`,
      state: "ok",
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      labels: rule.labels,
      value: null,
      unit: "",
      condition: conditionOf(rule, ""),
      summary: "",
      startedAt: null,
      resolvedAt: null,
      href: ruleHref(rule.id),
      enabled: rule.enabled,
      evalError: rule.health.error,
    });
  }
  return rows;
}

/** Without the rule (deleted since), nothing is said. */
function conditionOf(rule: AlertRule | undefined, valueUnit: string): string {
  return rule === undefined ? "" : conditionText(rule.condition, valueUnit);
}

export function countByState(rows: readonly AlertListRow[]): Record<DisplayState, number> {
  const counts: Record<DisplayState, number> = { firing: 0, pending: 0, silenced: 0, resolved: 0, ok: 0 };
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

export function readState(text: string | undefined): DisplayState | undefined {
  return DISPLAY_STATES.find((s) => s === text);
}

export function readSort(text: string | undefined): ListSort {
  return SORT_KEYS.find((s) => s === text) ?? "state";
}

/** Rows in `state` (all when undefined) whose rule name, labels or summary contain `text`. */
export function filterRows(
  rows: readonly AlertListRow[],
  state: DisplayState | undefined,
  text: string,
): AlertListRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((row) => {
    if (state !== undefined && row.state !== state) return false;
    if (needle === "") return true;
    const haystack = [row.ruleName, row.summary, ...Object.entries(row.labels).map(([k, v]) => `${k}=${v}`)]
      .join("\n")
      .toLowerCase();
    return haystack.includes(needle);
  });
}

const byStarted = (a: AlertListRow, b: AlertListRow) => (b.startedAt ?? -1) - (a.startedAt ?? -1);
const byName = (a: AlertListRow, b: AlertListRow) => a.ruleName.localeCompare(b.ruleName) || a.key.localeCompare(b.key);

/**
 * "state": most urgent first (firing, pending, silenced, resolved, ok; then critical before
 * info; then newest); "started": newest start first, rows that never started last; "rule": by name.
 */
export function sortRows(rows: readonly AlertListRow[], sort: ListSort): AlertListRow[] {
  const copy = [...rows];
  if (sort === "rule") return copy.sort((a, b) => byName(a, b) || byStarted(a, b));
  if (sort === "started") return copy.sort((a, b) => byStarted(a, b) || byName(a, b));
  return copy.sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      byStarted(a, b) ||
      byName(a, b),
  );
}
