// GET /api/v1/search/fields and /search/values: autocomplete of the search language's box
// (packages/store/src/queries/search-suggest.ts). People type several characters a second and
// many look at the same range, so answers are kept SUGGEST_CACHE_MS per range rounded to
// SUGGEST_ROUND_MS (the rounded range is the one read, so a kept answer is the one a read gives).
import {
  type SearchFieldsQuery,
  SearchFieldsQuerySchema,
  type SearchValuesQuery,
  SearchValuesQuerySchema,
  type TimeRange,
} from "@tracelight/contracts";
import { type ClickHouseTransport, suggestSearchFields, suggestSearchValues } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";

export const SUGGEST_ROUND_MS = 10_000;
export const SUGGEST_CACHE_MS = 30_000;
const MAX_CACHED = 500;

type Parse = <S extends z.ZodType>(schema: S, input: unknown) => z.output<S>;

/** The range widened to whole SUGGEST_ROUND_MS steps. */
export function roundRange(range: TimeRange): TimeRange {
  const from = Math.floor(range.from / SUGGEST_ROUND_MS) * SUGGEST_ROUND_MS;
  return { ...range, from, to: Math.ceil(range.to / SUGGEST_ROUND_MS) * SUGGEST_ROUND_MS };
}

/** Answers by request for SUGGEST_CACHE_MS; a failed read is not kept. */
export function suggestCache(now: () => number = Date.now) {
  const kept = new Map<string, { at: number; answer: Promise<unknown> }>();
  return <T>(key: unknown, read: () => Promise<T>): Promise<T> => {
    const id = JSON.stringify(key);
    const hit = kept.get(id);
    if (hit !== undefined && now() - hit.at < SUGGEST_CACHE_MS) return hit.answer as Promise<T>;
    if (kept.size >= MAX_CACHED) kept.delete(kept.keys().next().value as string);
    const answer = read();
    kept.set(id, { at: now(), answer });
    answer.catch(() => kept.delete(id));
    return answer;
  };
}

export function registerSearchSuggestRoutes(api: FastifyInstance, transport: ClickHouseTransport, parse: Parse): void {
  const cached = suggestCache();
  api.get("/search/fields", async (request) => {
    const q: SearchFieldsQuery = parse(SearchFieldsQuerySchema, request.query);
    const rounded = { ...q, range: roundRange(q.range) };
    return cached(["fields", rounded], () => suggestSearchFields(transport, rounded));
  });
  api.get("/search/values", async (request) => {
    const q: SearchValuesQuery = parse(SearchValuesQuerySchema, request.query);
    const rounded = { ...q, range: roundRange(q.range) };
    return cached(["values", rounded], () => suggestSearchValues(transport, rounded));
  });
}
