// The rule editor's state (text as typed) and its way to a request body: checked here the way
// the API checks it, with errors keyed by the API's field paths so that the client's and the
// server's messages land on the same field. Pure.
import type { AlertRule, AlertRuleInputSchema, LogAlertQuery, MetricAlertQuery } from "@tracelight/contracts";
import {
  AGGS_BY_TYPE,
  type AlertRuleKind,
  type AlertSeverity,
  type AttributeFilter,
  type ConditionOp,
  type MetricType,
  type NoDataPolicy,
  parseDurationSeconds,
  type SeverityName,
} from "@tracelight/contracts/values";
import type { z } from "zod";
import type { FieldErrors } from "./field-errors.ts";

export type RuleBody = z.input<typeof AlertRuleInputSchema>;

export interface LabelRow {
  key: string;
  value: string;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  kind: AlertRuleKind;
  // metric rules
  metric: string;
  aggregation: string;
  // log rules
  service: string;
  /** Minimum severity, "" for any. */
  logSeverity: SeverityName | "";
  text: string;
  // both
  filters: AttributeFilter[];
  groupBy: string[];
  window: string;
  op: ConditionOp;
  threshold: string;
  thresholdHigh: string;
  /** The UCUM unit the thresholds are written in; "" states none (the unit of the rule's values). */
  unit: string;
  /** Fire after the condition held `for`, or when `n` of the last `m` evaluations breached. */
  mode: "for" | "nOfM";
  for: string;
  n: string;
  m: string;
  noData: NoDataPolicy;
  severity: AlertSeverity;
  labels: LabelRow[];
  summary: string;
  channelIds: string[];
}

export const DEFAULT_WINDOW: Record<AlertRuleKind, string> = { metric: "1m", logs: "5m" };

export function emptyDraft(kind: AlertRuleKind = "metric"): RuleDraft {
  return {
    name: "",
    enabled: true,
    kind,
    metric: "",
    aggregation: "",
    service: "",
    logSeverity: "",
    text: "",
    filters: [],
    groupBy: [],
    window: DEFAULT_WINDOW[kind],
    op: ">",
    threshold: "",
    thresholdHigh: "",
    unit: "",
    mode: "for",
    for: "5m",
    n: "3",
    m: "5",
    noData: "ok",
    severity: "warning",
    labels: [],
    summary: "",
    channelIds: [],
  };
}

/** The editor's state for an existing rule. */
export function draftFromRule(rule: AlertRule): RuleDraft {
  const draft = emptyDraft(rule.kind);
  const c = rule.condition;
  const common: RuleDraft = {
    ...draft,
    name: rule.name,
    enabled: rule.enabled,
    filters: [...rule.query.filters],
    groupBy: [...rule.query.groupBy],
    window: rule.query.window,
    op: c.op,
    threshold: String(c.threshold),
    thresholdHigh: c.thresholdHigh === undefined ? "" : String(c.thresholdHigh),
    unit: c.unit ?? "",
    mode: c.nOfM === undefined ? "for" : "nOfM",
    for: c.nOfM === undefined ? c.for : draft.for,
    n: c.nOfM === undefined ? draft.n : String(c.nOfM.n),
    m: c.nOfM === undefined ? draft.m : String(c.nOfM.m),
    noData: c.noData,
    severity: rule.severity,
    labels: Object.entries(rule.labels).map(([key, value]) => ({ key, value })),
    summary: rule.summary,
    channelIds: [...rule.channelIds],
  };
  if (rule.kind === "metric") {
    const q = rule.query as MetricAlertQuery;
    return { ...common, metric: q.metric, aggregation: q.aggregation };
  }
  const q = rule.query as LogAlertQuery;
  return { ...common, service: q.service ?? "", logSeverity: q.severity ?? "", text: q.text ?? "" };
}

/** Switching kind keeps what both kinds share, and gives the window the kind's default when untouched. */
export function withKind(draft: RuleDraft, kind: AlertRuleKind): RuleDraft {
  if (kind === draft.kind) return draft;
  const window = draft.window === DEFAULT_WINDOW[draft.kind] ? DEFAULT_WINDOW[kind] : draft.window;
  return { ...draft, kind, window, filters: [], groupBy: [], unit: "" };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function readNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

function readInt(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

const LABEL_KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const DURATION_HINT = 'a duration such as "30s", "5m" or "1h"';

function checkWindow(text: string, errors: FieldErrors): void {
  const s = parseDurationSeconds(text);
  if (text.trim() === "") errors["query.window"] = "is required";
  else if (s === undefined) errors["query.window"] = `must be ${DURATION_HINT}`;
  else if (s < 10 || s > 86_400) errors["query.window"] = "must be between 10s and 24h";
}

export interface DraftCheck {
  /** The request body, when the draft has no errors. */
  body?: RuleBody;
  errors: FieldErrors;
}

/**
 * Checks the draft and builds the request body. `metricType` (when the catalogue knows the
 * metric) limits the aggregations to the type's.
 */
export function checkDraft(draft: RuleDraft, metricType?: MetricType): DraftCheck {
  const errors: FieldErrors = {};
  if (draft.name.trim() === "") errors.name = "is required";
  else if (draft.name.trim().length > 200) errors.name = "at most 200 characters";

  let query: RuleBody["query"];
  if (draft.kind === "metric") {
    if (draft.metric.trim() === "") errors["query.metric"] = "pick a metric";
    if (draft.aggregation === "") errors["query.aggregation"] = "pick an aggregation";
    else if (metricType !== undefined && !(AGGS_BY_TYPE[metricType] as readonly string[]).includes(draft.aggregation))
      errors["query.aggregation"] = `${draft.aggregation} is not offered for a ${metricType} metric`;
    query = {
      metric: draft.metric.trim(),
      aggregation: draft.aggregation as MetricAlertQuery["aggregation"],
      filters: draft.filters.map((f) => `${f.key}${f.op}${f.value}`),
      groupBy: draft.groupBy,
      window: draft.window.trim(),
    };
  } else {
    const logQuery: Extract<RuleBody, { kind: "logs" }>["query"] = {
      filters: draft.filters.map((f) => `${f.key}${f.op}${f.value}`),
      groupBy: draft.groupBy,
      window: draft.window.trim(),
    };
    if (draft.service.trim() !== "") logQuery.service = draft.service.trim();
    if (draft.logSeverity !== "") logQuery.severity = draft.logSeverity;
    if (draft.text.trim() !== "") logQuery.text = draft.text.trim();
    query = logQuery;
  }
  checkWindow(draft.window, errors);

  const threshold = readNumber(draft.threshold);
  if (draft.threshold.trim() === "") errors["condition.threshold"] = "is required";
  else if (threshold === undefined) errors["condition.threshold"] = "must be a number";
  const condition: RuleBody["condition"] = { op: draft.op, threshold: threshold ?? 0, noData: draft.noData };
  if (draft.op === "outside") {
    const high = readNumber(draft.thresholdHigh);
    if (draft.thresholdHigh.trim() === "") errors["condition.thresholdHigh"] = 'is required when op is "outside"';
    else if (high === undefined) errors["condition.thresholdHigh"] = "must be a number";
    else if (threshold !== undefined && high < threshold)
      errors["condition.thresholdHigh"] = "must not be below threshold";
    if (high !== undefined) condition.thresholdHigh = high;
  }
  if (draft.unit !== "") condition.unit = draft.unit;
  if (draft.mode === "for") {
    const text = draft.for.trim() === "" ? "0s" : draft.for.trim();
    if (text !== "0s" && text !== "0" && parseDurationSeconds(text) === undefined)
      errors["condition.for"] = `must be ${DURATION_HINT} (0s fires at once)`;
    condition.for = text;
  } else {
    const n = readInt(draft.n);
    const m = readInt(draft.m);
    if (n === undefined || n < 1) errors["condition.nOfM.n"] = "must be a whole number, 1 or more";
    if (m === undefined || m < 1 || m > 100) errors["condition.nOfM.m"] = "must be a whole number from 1 to 100";
    else if (n !== undefined && n > m) errors["condition.nOfM.n"] = "must not exceed m";
    condition.for = "0s";
    condition.nOfM = { n: n ?? 1, m: m ?? 1 };
  }

  const labels: Record<string, string> = {};
  for (const row of draft.labels) {
    const key = row.key.trim();
    if (key === "" && row.value.trim() === "") continue;
    if (!LABEL_KEY.test(key)) errors.labels = `"${key}": label names are letters, digits, _ and .`;
    else if (key in labels) errors.labels = `"${key}" appears twice`;
    labels[key] = row.value;
  }
  if (draft.summary.length > 1000) errors.summary = "at most 1000 characters";

  const shared = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    condition,
    labels,
    severity: draft.severity,
    summary: draft.summary.trim(),
    channelIds: draft.channelIds,
  };
  const body: RuleBody =
    draft.kind === "metric"
      ? { ...shared, kind: "metric", query: query as Extract<RuleBody, { kind: "metric" }>["query"] }
      : { ...shared, kind: "logs", query: query as Extract<RuleBody, { kind: "logs" }>["query"] };
  return Object.keys(errors).length === 0 ? { body, errors } : { errors };
}

/**
 * The preview's body: the draft without its name (the API names it "preview"), or undefined
 * while anything but the name is missing or wrong, so that no request is sent that must fail.
 */
export function previewRule(draft: RuleDraft, metricType?: MetricType): RuleBody | undefined {
  const check = checkDraft({ ...draft, name: draft.name.trim() === "" ? "preview" : draft.name }, metricType);
  return check.body;
}
