// The explorer's three requests, issued side by side (none waits for another): the catalogue,
// the chosen metric's attributes (for group-by and filter pickers) and its series.
"use client";

import type { MetricAttributesResponse, MetricSeriesResponse, MetricsResponse } from "@tracelight/contracts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { type MetricQuery, seriesParams } from "./metric-query.ts";

type Range = { from: number; to: number };

export function useMetricCatalog(range: Range) {
  return useApiQuery<MetricsResponse>("/metrics", range);
}

export function useMetricAttributes(metric: string | undefined, range: Range) {
  return useApiQuery<MetricAttributesResponse>(
    "/metrics/attributes",
    { ...range, metric },
    { enabled: metric !== undefined },
  );
}

export function useMetricSeries(query: MetricQuery, range: Range) {
  const params = seriesParams(query, range);
  return useApiQuery<MetricSeriesResponse>("/metrics/series", params ?? {}, { enabled: params !== undefined });
}
