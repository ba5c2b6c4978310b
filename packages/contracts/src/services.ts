// GET /api/v1/services
import { z } from "zod";
import { seriesLimitParam } from "./caps.ts";
import { rangeShape, withRange } from "./time.ts";

export const ServicesQuerySchema = z.object({ ...rangeShape, limit: seriesLimitParam }).transform(withRange);
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
