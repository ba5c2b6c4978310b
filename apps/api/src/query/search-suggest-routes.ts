// GET /api/v1/search/fields and /search/values: autocomplete of the search language's box
// (packages/store/src/queries/search-suggest.ts). The range is rounded out to whole
// SUGGEST_ROUND_MS steps, so that the keystrokes of one box (and "the last hour" asked again a
// moment later) share the store's slice counts, which it keeps per range.
import { SearchFieldsQuerySchema, SearchValuesQuerySchema, type TimeRange } from "@tracelight/contracts";
import { type ClickHouseTransport, suggestSearchFields, suggestSearchValues } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";

export const SUGGEST_ROUND_MS = 10_000;

type Parse = <S extends z.ZodType>(schema: S, input: unknown) => z.output<S>;

/** The range widened to whole SUGGEST_ROUND_MS steps. */
export function roundRange(range: TimeRange): TimeRange {
  const from = Math.floor(range.from / SUGGEST_ROUND_MS) * SUGGEST_ROUND_MS;
  return { ...range, from, to: Math.ceil(range.to / SUGGEST_ROUND_MS) * SUGGEST_ROUND_MS };
}

export function registerSearchSuggestRoutes(api: FastifyInstance, transport: ClickHouseTransport, parse: Parse): void {
  api.get("/search/fields", async (request) => {
    const q = parse(SearchFieldsQuerySchema, request.query);
    return suggestSearchFields(transport, { ...q, range: roundRange(q.range) });
  });
  api.get("/search/values", async (request) => {
    const q = parse(SearchValuesQuerySchema, request.query);
    return suggestSearchValues(transport, { ...q, range: roundRange(q.range) });
  });
}
