// GET /api/v1/metrics/attributes — the attribute keys of a metric's series over a range with
// their most common values, for group-by and filter pickers.
import { z } from "zod";
import { rangeShape, withRange } from "./time.ts";

/** Most values listed per key. */
export const MAX_ATTRIBUTE_VALUES = 20;

export const MetricAttributesQuerySchema = z
  .object({
    ...rangeShape,
    metric: z.string({ error: "is required" }).trim().min(1, "is required").max(500),
  })
  .transform(withRange);
export type MetricAttributesQuery = z.output<typeof MetricAttributesQuerySchema>;

export interface MetricAttributeKey {
  /** An attribute or resource attribute key; "service.name" is the ServiceName column. */
  key: string;
  /** Most common first (by number of series), at most MAX_ATTRIBUTE_VALUES. */
  values: string[];
}

export interface MetricAttributesResponse {
  /** Sorted by key. */
  keys: MetricAttributeKey[];
}
