// The metric explorer's query as it lives in the URL (`metric`, `agg`, `groupBy`, repeated
// `filter`, `step`, highlighted window `hlFrom`/`hlTo`, `exemplars=off`) and as the series API
// takes it. Pure.
import type { MetricInfo } from "@tracelight/contracts";
import {
  AGGS_BY_TYPE,
  type AttributeFilter,
  defaultAgg,
  type MetricAgg,
  parseAttributeFilter,
} from "@tracelight/contracts/values";
import type { QueryParams } from "../../lib/api.ts";
import type { UrlPatch } from "../../lib/url-state.ts";

export interface MetricQuery {
  metric?: string;
  /** As written in the URL; absent → the metric type's default (the API picks it). */
  agg?: string;
  groupBy: string[];
  filters: AttributeFilter[];
  /** "30s", "1m", ... absent → the API sizes the step to the range. */
  step?: string;
  /** A window to draw attention to (e.g. when an alert fired), epoch ms. */
  highlight?: { fromMs: number; toMs: number };
  /** Exemplar dots hidden (`exemplars=off`). */
  hideExemplars?: boolean;
}

export const EMPTY_QUERY: MetricQuery = { groupBy: [], filters: [] };

const text = (v: string | null): string | undefined => {
  const t = v?.trim();
  return t === undefined || t === "" ? undefined : t;
};

function readMs(v: string | null): number | undefined {
  const t = text(v);
  if (t === undefined || !/^\d{1,16}(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function formatFilter(f: AttributeFilter): string {
  return `${f.key}${f.op}${f.value}`;
}

/** Reads the query from the URL; malformed filters and highlight windows are dropped. */
export function readMetricQuery(params: URLSearchParams): MetricQuery {
  const groupBy = [
    ...new Set(
      params
        .getAll("groupBy")
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
  const filters = params
    .getAll("filter")
    .map((s) => parseAttributeFilter(s))
    .filter((f): f is AttributeFilter => f !== undefined);
  const hlFrom = readMs(params.get("hlFrom"));
  const hlTo = readMs(params.get("hlTo"));
  const query: MetricQuery = { groupBy, filters };
  const metric = text(params.get("metric"));
  const agg = text(params.get("agg"));
  const step = text(params.get("step"));
  if (metric !== undefined) query.metric = metric;
  if (agg !== undefined) query.agg = agg;
  if (step !== undefined) query.step = step;
  if (hlFrom !== undefined && hlTo !== undefined && hlFrom <= hlTo) query.highlight = { fromMs: hlFrom, toMs: hlTo };
  if (params.get("exemplars") === "off") query.hideExemplars = true;
  return query;
}

/** The URL patch that writes `query` (every owned key, so stale ones are removed). */
export function metricQueryPatch(query: MetricQuery): UrlPatch {
  return {
    metric: query.metric,
    agg: query.agg,
    groupBy: query.groupBy.join(","),
    filter: query.filters.map(formatFilter),
    step: query.step,
    hlFrom: query.highlight?.fromMs,
    hlTo: query.highlight?.toMs,
    exemplars: query.hideExemplars ? "off" : undefined,
  };
}

/** Picking another metric starts over: its aggregations and attributes differ. */
export function withMetric(query: MetricQuery, metric: string | undefined): MetricQuery {
  if (metric === query.metric) return query;
  const next: MetricQuery = { groupBy: [], filters: [] };
  if (metric !== undefined) next.metric = metric;
  if (query.step !== undefined) next.step = query.step;
  if (query.hideExemplars) next.hideExemplars = true;
  return next;
}

/** Parameters for GET /metrics/series; undefined when no metric is picked. */
export function seriesParams(query: MetricQuery, range: { from: number; to: number }): QueryParams | undefined {
  if (query.metric === undefined) return undefined;
  return {
    metric: query.metric,
    agg: query.agg,
    groupBy: query.groupBy.join(","),
    filter: query.filters.map(formatFilter),
    step: query.step,
    from: range.from,
    to: range.to,
  };
}

/** Aggregations offered for a metric (all of them when its type is not known yet). */
export function aggChoices(info: Pick<MetricInfo, "type"> | undefined): readonly MetricAgg[] {
  return info ? AGGS_BY_TYPE[info.type] : [];
}

/** The aggregation shown as selected: the URL's, else the type's default. */
export function selectedAgg(query: MetricQuery, info: MetricInfo | undefined): string | undefined {
  if (query.agg !== undefined) return query.agg;
  return info ? defaultAgg(info.type, info.isMonotonic ?? false) : undefined;
}

/** Whether the URL's aggregation is one the metric's type supports (unknown type → yes). */
export function aggSupported(agg: string | undefined, info: Pick<MetricInfo, "type"> | undefined): boolean {
  if (agg === undefined || info === undefined) return true;
  return (AGGS_BY_TYPE[info.type] as readonly string[]).includes(agg);
}

export function addGroupBy(query: MetricQuery, key: string): MetricQuery {
  return query.groupBy.includes(key) ? query : { ...query, groupBy: [...query.groupBy, key] };
}

export function removeGroupBy(query: MetricQuery, key: string): MetricQuery {
  return { ...query, groupBy: query.groupBy.filter((k) => k !== key) };
}

export function addFilter(query: MetricQuery, filter: AttributeFilter): MetricQuery {
  const exists = query.filters.some((f) => formatFilter(f) === formatFilter(filter));
  return exists ? query : { ...query, filters: [...query.filters, filter] };
}

export function removeFilter(query: MetricQuery, index: number): MetricQuery {
  return { ...query, filters: query.filters.filter((_, i) => i !== index) };
}
