// A rule's values from the store, one query per rule: a series of windows over a range (the
// editor's preview), or one value per series for the window ending now (currentValues: what
// the evaluator's grouped reads in cycle-values.ts must equal). Metric values are in the
// metric's answer unit (unitPlan), the unit returned beside them.
import type { AttributeMap, LogFilters, MetricPoint, MetricSeries, MetricType } from "@tracelight/contracts";
import { AGGS_BY_TYPE, DEFAULT_SERIES_LIMIT, parseDurationSeconds } from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  findMetric,
  type LogCountRequest,
  QueryInputError,
  queryLogCounts,
  queryLogCountsLimited,
  querySeries,
  seriesLimit,
  type UnitPlan,
  unitPlan,
  unitWarnings,
} from "@tracelight/store";
import type { StoredRule } from "./stored-rule.ts";

export interface SeriesValue {
  labels: AttributeMap;
  /** null: the series has no data in the window. */
  value: number | null;
}

/** The unit of a log rule's values. */
export const LOG_COUNT_UNIT = "logs";

export const windowMs = (rule: Pick<StoredRule, "query">): number =>
  (parseDurationSeconds(rule.query.window) ?? 60) * 1000;

export interface RuleMetric {
  type: MetricType | null;
  /** The answer unit and how each sent unit converts into it. */
  units: UnitPlan;
}

const NO_UNITS = unitPlan({ unit: "", units: [] });

/** Metric types and units by name, looked up once and kept a while (rules share metrics). */
export class MetricTypes {
  private readonly known = new Map<string, RuleMetric & { until: number }>();

  constructor(
    private readonly transport: ClickHouseTransport,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(metric: string, now: number): Promise<RuleMetric> {
    const hit = this.known.get(metric);
    if (hit !== undefined && hit.until > now) return hit;
    const info = await findMetric(this.transport, { from: now - 24 * 3_600_000, to: now, explicit: true }, metric);
    // An unknown metric is looked up again soon: it may start arriving any moment.
    const entry = {
      type: info?.type ?? null,
      units: info === null ? NO_UNITS : unitPlan(info),
      until: now + (info ? this.ttlMs : 30_000),
    };
    this.known.set(metric, entry);
    return entry;
  }
}

/** The log-count query of a log rule over `range`, bucketed by `stepSeconds` from `originMs`. */
export function logCountRequest(
  rule: Extract<StoredRule, { kind: "logs" }>,
  range: { from: number; to: number },
  stepSeconds: number,
  originMs: number | undefined,
): LogCountRequest {
  const filters: LogFilters = {
    service: rule.query.service === undefined ? [] : [rule.query.service],
    severity: rule.query.severity,
    q: rule.query.text,
    attr: rule.query.filters,
  };
  return { filters, groupBy: rule.query.groupBy, range, stepSeconds, originMs };
}

/** The type of a metric rule's metric (null: not in the store), refusing an aggregation it lacks. */
export async function ruleMetricType(
  types: MetricTypes,
  rule: Extract<StoredRule, { kind: "metric" }>,
  at: number,
): Promise<RuleMetric> {
  const metric = await types.get(rule.query.metric, at);
  const { type } = metric;
  if (type === null) return metric;
  const agg = rule.query.aggregation;
  if (!AGGS_BY_TYPE[type].includes(agg)) {
    throw new QueryInputError(
      "query.aggregation",
      `${agg} is not available for ${type} metrics; use one of ${AGGS_BY_TYPE[type].join(", ")}`,
    );
  }
  return metric;
}

/**
 * Values of each series over `range`, bucketed by `stepSeconds` from `originMs`; with `limit`,
 * the `limit` highest series only (metric-series-limit.ts).
 */
async function ruleSeries(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: StoredRule,
  range: { from: number; to: number },
  stepSeconds: number,
  originMs: number | undefined,
  limit?: number,
): Promise<{ series: MetricSeries[]; unit: string; truncated: boolean }> {
  if (rule.kind === "logs") {
    const req = logCountRequest(rule, range, stepSeconds, originMs);
    if (limit !== undefined) return { ...(await queryLogCountsLimited(transport, req, limit)), unit: LOG_COUNT_UNIT };
    return { series: await queryLogCounts(transport, req), unit: LOG_COUNT_UNIT, truncated: false };
  }
  const { type, units } = await ruleMetricType(types, rule, range.to);
  if (type === null) return { series: [], unit: units.unit, truncated: false };
  const { series, truncated } = await querySeries(transport, {
    metric: rule.query.metric,
    type,
    agg: rule.query.aggregation,
    groupBy: rule.query.groupBy,
    filter: rule.query.filters,
    range,
    stepSeconds,
    units,
    ...(originMs === undefined ? {} : { originMs }),
    ...(limit === undefined ? {} : { limit }),
  });
  return { series, unit: units.unit, truncated };
}

/** Each series' value in the window that starts at `from` (null: no point there). */
export const valuesAt = (series: readonly MetricSeries[], from: number): SeriesValue[] =>
  series.map((s) => ({ labels: s.labels, value: s.points.find(([t]) => t === from)?.[1] ?? null }));

/**
 * One value per series for the window that ends at `now`, with one store query for this rule.
 * The evaluator reads rules in groups instead (cycle-values.ts), to the same values.
 */
export async function currentValues(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: StoredRule,
  now: number,
): Promise<{ values: SeriesValue[]; unit: string }> {
  const span = windowMs(rule);
  const from = now - span;
  // Buckets start at `from`, so [from, now) is one bucket; a point exactly at `now` starts the next.
  const { series, unit } = await ruleSeries(transport, types, rule, { from, to: now }, span / 1000, from);
  return { values: valuesAt(series, from), unit };
}

/**
 * Every window of the range, for the preview; log counts of empty windows are 0, not missing.
 * Warnings name the series left out because their unit does not convert. The preview shows
 * the DEFAULT_SERIES_LIMIT highest series, fewer over many windows (`truncated` when cut).
 */
export async function rangeValues(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: StoredRule,
  range: { from: number; to: number },
): Promise<{ series: MetricSeries[]; unit: string; stepMs: number; warnings: string[]; truncated: boolean }> {
  const stepMs = windowMs(rule);
  const { series, unit, truncated } = await ruleSeries(
    transport,
    types,
    rule,
    range,
    stepMs / 1000,
    undefined,
    seriesLimit({ limit: DEFAULT_SERIES_LIMIT, range, stepSeconds: stepMs / 1000 }),
  );
  const warnings = rule.kind === "metric" ? await ruleUnitWarnings(transport, types, rule, range) : [];
  const first = Math.floor(range.from / stepMs) * stepMs;
  const filled = series.map((s) => ({
    labels: s.labels,
    points: fillWindows(s.points, first, range.to, stepMs, rule.kind === "logs" ? 0 : null),
  }));
  return { series: filled, unit, stepMs, warnings, truncated };
}

async function ruleUnitWarnings(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: Extract<StoredRule, { kind: "metric" }>,
  range: { from: number; to: number },
): Promise<string[]> {
  const { type, units } = await types.get(rule.query.metric, range.to);
  if (type === null) return [];
  return unitWarnings(transport, { metric: rule.query.metric, type, filter: rule.query.filters, range }, units);
}

/** A point for every whole window from `first` until `to`, missing ones set to `missing`. */
export function fillWindows(
  points: readonly MetricPoint[],
  first: number,
  to: number,
  stepMs: number,
  missing: number | null,
): MetricPoint[] {
  const byTime = new Map(points.map(([t, v]) => [t, v]));
  const out: MetricPoint[] = [];
  // Only whole windows: the one still filling would read low.
  for (let t = first; t + stepMs <= to; t += stepMs) out.push([t, byTime.get(t) ?? missing]);
  return out;
}
