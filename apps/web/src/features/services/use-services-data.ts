// The queries behind the services pages and the home dashboard, one hook each, so that both
// pages ask the same question with the same parameters (and share react-query's cache).
"use client";

import type { LogsResponse, RedResponse, ServicesOverviewResponse, TraceSearchResponse } from "@tracelight/contracts";
import { type ApiQueryOptions, useApiQuery } from "../../lib/use-api-query.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";

export function useServicesOverview() {
  const time = useTimeRange();
  return useApiQuery<ServicesOverviewResponse>("/services/overview", time.query);
}

/** RED buckets of a service (optionally one route); without a route the answer lists the routes. */
export function useRed(service: string, route?: string) {
  const time = useTimeRange();
  return useApiQuery<RedResponse>("/red", { ...time.query, service, route });
}

export function useErrorTraces(limit: number, service?: string, options?: ApiQueryOptions) {
  const time = useTimeRange();
  return useApiQuery<TraceSearchResponse>("/traces", { ...time.query, service, status: "Error", limit }, options);
}

export function useErrorLogs(limit: number, service?: string) {
  const time = useTimeRange();
  return useApiQuery<LogsResponse>("/logs", { ...time.query, service, severity: "ERROR", limit });
}
