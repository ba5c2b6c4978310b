// GET /api/v1/services
import { z } from "zod";
import { rangeShape, withRange } from "./time.ts";

export const ServicesQuerySchema = z.object({ ...rangeShape }).transform(withRange);
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
  services: ServiceSummary[];
}
