// URLs of every view, built in one place so that links between views stay consistent.
import type { TimeRangeExpr } from "./time-range.ts";
import { hrefWith, type UrlPatch } from "./url-state.ts";

const rangeParams = (range?: TimeRangeExpr): UrlPatch => (range ? { from: range.from, to: range.to } : {});

export function serviceHref(name: string, range?: TimeRangeExpr): string {
  return hrefWith(`/services/${encodeURIComponent(name)}`, rangeParams(range));
}

export function traceHref(traceId: string, options: { spanId?: string } = {}): string {
  return hrefWith(`/traces/${traceId}`, { span: options.spanId });
}

export interface LogSearchLink {
  range?: TimeRangeExpr;
  traceId?: string;
  spanId?: string;
  service?: string;
  q?: string;
  severity?: string;
}

export function logsHref(link: LogSearchLink): string {
  const { range, ...filters } = link;
  return hrefWith("/logs", { ...rangeParams(range), ...filters });
}

export interface TraceSearchLink {
  range?: TimeRangeExpr;
  /** Any of these services. */
  service?: string | readonly string[];
  /** The search language. */
  q?: string;
  name?: string;
  status?: string;
  minDurationMs?: number;
  /** Attribute filters as the query API takes them, "key=value". */
  attr?: readonly string[];
}

export function tracesHref(link: TraceSearchLink): string {
  const { range, ...filters } = link;
  return hrefWith("/traces", { ...rangeParams(range), ...filters });
}

export interface MetricLink {
  range?: TimeRangeExpr;
  metric: string;
  agg?: string;
  groupBy?: readonly string[];
  /** `key=value` or `key!=value`. */
  filter?: readonly string[];
  step?: string;
  /** A window drawn highlighted on the chart (e.g. when an alert fired), epoch ms. */
  hlFrom?: number;
  hlTo?: number;
}

export function metricHref(link: MetricLink): string {
  const { range, groupBy, ...rest } = link;
  return hrefWith("/metrics", { ...rangeParams(range), ...rest, groupBy: groupBy?.join(",") });
}
