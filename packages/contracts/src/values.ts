// The contract's constants and pure helpers, without zod: what the browser needs at run time
// (the web app imports "@tracelight/contracts/values" so that no schema ships to the page).
export * from "./time-grammar.ts";
export * from "./units.ts";

// Attribute filters
/** Attribute values as stored: strings (non-string OTLP values as JSON). */
export type AttributeMap = Record<string, string>;

/**
 * One `key=value` or `key!=value` of a list of filters. A list reads as a person means it:
 * equality filters on the SAME key are one "any of" (`k=a`, `k=b`: k is a or b), `!=` filters
 * on one key are "none of" (`k!=a`, `k!=b`: k is neither), and different keys are ANDed. An
 * empty value stands for "the key is unset" (`k=`; so `k!=` is "k is set").
 */
export interface AttributeFilter {
  key: string;
  op: "=" | "!=";
  value: string;
}

/** The filters of one key and operator together: `=` any of `values`, `!=` none of them. */
export interface AttributeCondition {
  key: string;
  op: "=" | "!=";
  values: string[];
}

/** A list of filters as the conditions it ANDs (see AttributeFilter), in first-seen order. */
export function attributeConditions(filters: readonly AttributeFilter[]): AttributeCondition[] {
  const byKeyOp = new Map<string, AttributeCondition>();
  for (const f of filters) {
    const id = JSON.stringify([f.key, f.op]);
    const found = byKeyOp.get(id);
    if (found === undefined) byKeyOp.set(id, { key: f.key, op: f.op, values: [f.value] });
    else if (!found.values.includes(f.value)) found.values.push(f.value);
  }
  return [...byKeyOp.values()];
}

/** The attribute key that means the ServiceName column rather than a map entry. */
export const SERVICE_NAME_KEY = "service.name";

const FILTER = /^([^=]+?)(!=|=)(.*)$/s;

export function parseAttributeFilter(text: string): AttributeFilter | undefined {
  const m = FILTER.exec(text);
  if (!m) return undefined;
  const key = (m[1] ?? "").trim();
  if (key === "") return undefined;
  return { key, op: m[2] === "!=" ? "!=" : "=", value: m[3] ?? "" };
}

// Metrics
export const METRIC_TYPES = ["gauge", "sum", "histogram", "exponential_histogram", "summary"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export const METRIC_AGGS = [
  "avg",
  "sum",
  "min",
  "max",
  "count",
  "last",
  "rate",
  "increase",
  "p50",
  "p90",
  "p95",
  "p99",
] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

/**
 * Aggregations each metric type supports; the first is the default (a monotonic sum defaults
 * to rate, see defaultAgg). Percentiles of exponential histograms are not supported yet.
 */
export const AGGS_BY_TYPE: Record<MetricType, readonly MetricAgg[]> = {
  gauge: ["avg", "sum", "min", "max", "count", "last"],
  sum: ["avg", "sum", "min", "max", "count", "last", "rate", "increase"],
  histogram: ["p99", "p50", "p90", "p95", "avg", "rate", "count"],
  exponential_histogram: ["avg", "rate", "count"],
  summary: ["avg", "rate", "count"],
};

export function defaultAgg(type: MetricType, isMonotonic: boolean): MetricAgg {
  if (type === "sum" && isMonotonic) return "rate";
  return AGGS_BY_TYPE[type][0] ?? "avg";
}

// Traces
export const TRACE_ID = /^[0-9a-f]{32}$/;

export const SPAN_STATUSES = ["Unset", "Ok", "Error"] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

// Logs
/** Lowest SeverityNumber of each OTLP severity range (TRACE 1–4, DEBUG 5–8, … FATAL 21–24). */
export const SEVERITY_MIN_NUMBER = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;
export type SeverityName = keyof typeof SEVERITY_MIN_NUMBER;

/** OTLP severity ranges in order; SeverityNumber 0 (unset) is UNSPECIFIED. */
export const LOG_HISTOGRAM_SEVERITIES = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "UNSPECIFIED"] as const;
export type LogHistogramSeverity = (typeof LOG_HISTOGRAM_SEVERITIES)[number];

// Live tail (Server-Sent Events)
export const LOG_TAIL_EVENTS = { logs: "logs", dropped: "dropped" } as const;
/** Most records in one `logs` event. */
export const LOG_TAIL_MAX_BATCH = 500;

// Alerts
export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** An alert instance (one rule, one series): ok → pending → firing → resolved (→ pending …). */
export const ALERT_STATES = ["ok", "pending", "firing", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_RULE_KINDS = ["metric", "logs"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** Comparisons of a condition; "outside" breaches below `threshold` or above `thresholdHigh`. */
export const CONDITION_OPS = [">", ">=", "<", "<=", "outside"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** What an evaluation without a value means: held, breached, or keep the previous state. */
export const NO_DATA_POLICIES = ["ok", "alerting", "keep"] as const;
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number];

export const CHANNEL_TYPES = ["webhook", "slack"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const SILENCE_MATCHER_OPS = ["=", "!=", "=~", "!~"] as const;
export type SilenceMatcherOp = (typeof SILENCE_MATCHER_OPS)[number];

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "silenced"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Labels every alert carries besides the rule's labels and its series labels. */
export const ALERT_NAME_LABEL = "alertname";
export const ALERT_SEVERITY_LABEL = "severity";
