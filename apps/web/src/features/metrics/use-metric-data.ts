// The explorer's three requests: the chosen metric's series first, then the catalogue and the
// metric's attributes (for the pickers), which wait for the series when a metric is chosen so
// that the chart does not share the machine with them while loading.
"use client";

import type { MetricAttributesResponse, MetricSeriesResponse, MetricsResponse } from "@tracelight/contracts";
import { type ApiQueryOptions, useApiQuery } from "../../lib/use-api-query.ts";
import { type MetricQuery, seriesParams } from "./metric-query.ts";

type Range = { from: number; to: number };

export function useMetricCatalog(range: Range, after?: ApiQueryOptions["after"]) {
  return useApiQuery<MetricsResponse>("/metrics", range, { after });
}

export function useMetricAttributes(metric: string | undefined, range: Range, after?: ApiQueryOptions["after"]) {
  return useApiQuery<MetricAttributesResponse>(
    "/metrics/attributes",
    { ...range, metric },
    { enabled: metric !== undefined, after },
  );
}

export function useMetricSeries(query: MetricQuery, range: Range) {
  const params = seriesParams(query, range);
  return useApiQuery<MetricSeriesResponse>("/metrics/series", params ?? {}, { enabled: params !== undefined });
}
