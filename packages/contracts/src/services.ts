// GET /api/v1/services
import { z } from "zod";
import { seriesLimitParam } from "./caps.ts";
import { emptyAsUndefined, rangeShape, withRange } from "./time.ts";

/** The service Tracelight's own telemetry is stored under (self-metrics, the agent's view of its processes). */
export const SELF_SERVICE = "tracelight";

/** `includeSelf=true` adds SELF_SERVICE to service lists, which leave it out by default. */
export const includeSelfParam = z.preprocess(
  (v) => (emptyAsUndefined(v) === undefined || v === "false" ? false : v === "true" ? true : v),
  z.boolean({ error: "must be true or false" }),
);

export const ServicesQuerySchema = z
  .object({ ...rangeShape, limit: seriesLimitParam, includeSelf: includeSelfParam })
  .transform(withRange);
export type ServicesQuery = z.output<typeof ServicesQuerySchema>;

export interface ServiceSummary {
  name: string;
  spanCount: number;
  /** Error spans / all spans, 0..1. */
  errorRate: number;
  /** p99 of span durations in ms (approximate quantile). */
  p99Ms: number;
}

export interface ServicesResponse {
  /** By name, at most the request's `limit` (the first names); see truncated. */
  services: ServiceSummary[];
  /** More services had spans in the range than `limit`: the others are left out. */
  truncated: boolean;
}
