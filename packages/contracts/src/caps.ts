// How many series (or services) one answer holds: `limit` in the query string, up to
// MAX_SERIES_LIMIT; an answer cut to its limit says `truncated: true`, so a chart never
// passes off the first N series as all of them.
import { z } from "zod";
import { emptyAsUndefined } from "./time.ts";

export const DEFAULT_SERIES_LIMIT = 500;
export const MAX_SERIES_LIMIT = 5_000;

export const seriesLimitParam = z.preprocess(
  emptyAsUndefined,
  z.coerce
    .number({ error: "must be a number" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(MAX_SERIES_LIMIT, `must be at most ${MAX_SERIES_LIMIT}`)
    .default(DEFAULT_SERIES_LIMIT),
);

/**
 * Points one /metrics/series answer holds over all its series: a fine step lowers the number of
 * series read below `limit` (the answer then says truncated), so limit × points stays bounded.
 */
export const MAX_ANSWER_POINTS = 2_000_000;

/** Sparkline buckets per service in /services/overview (the default step gives about 120). */
export const MAX_OVERVIEW_BUCKETS = 240;
/** Buckets over all services of one /services/overview answer: `limit` × buckets. */
export const MAX_OVERVIEW_CELLS = 250_000;
