// Time inputs of the query API in the grammar of time-grammar.ts: instants resolved against one
// `now` per request, ranges defaulting to the last hour, chart steps with a default sized to
// the range.
import { z } from "zod";
import {
  INSTANT_FORMATS,
  INSTANT_RANGE_MESSAGE,
  type Instant,
  isStorableInstant,
  MAX_INSTANT_MS,
  parseInstant,
  parseStepSeconds,
  resolveInstant,
} from "./time-grammar.ts";

export const HOUR_MS = 3_600_000;
/** Most points one series may have; a step that would give more is refused. */
export const MAX_POINTS = 11_000;

/** Query strings send "" for an empty field (`?service=`): treat it as absent. */
export const emptyAsUndefined = (v: unknown): unknown => (v === "" ? undefined : v);

/** An instant in a query string or a JSON body (where a number is epoch ms), not yet resolved. */
export const instantParam = z
  .union([z.string(), z.number()], { error: `must be a time: ${INSTANT_FORMATS}` })
  .optional()
  .transform((v, ctx): Instant | undefined => {
    if (v === undefined || v === "") return undefined; // see emptyAsUndefined
    const instant = typeof v === "number" ? { ms: v } : parseInstant(v);
    if (instant === undefined) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a time: ${INSTANT_FORMATS}` });
      return z.NEVER;
    }
    return instant;
  });

/**
 * Epoch ms of each given instant, all against the same `now` (so "now-6h" and "now" of one
 * request are exactly 6 h apart); undefined, with an issue on each field the store cannot hold.
 */
export function resolveInstants<K extends string>(
  instants: { [P in K]?: Instant | undefined },
  now: number,
  ctx: z.RefinementCtx,
): { [P in K]?: number } | undefined {
  const out: { [P in K]?: number } = {};
  let ok = true;
  for (const key of Object.keys(instants) as K[]) {
    const instant = instants[key];
    if (instant === undefined) continue;
    const ms = resolveInstant(instant, now);
    if (isStorableInstant(ms)) out[key] = ms;
    else {
      ctx.addIssue({ code: "custom", path: [key], message: INSTANT_RANGE_MESSAGE });
      ok = false;
    }
  }
  return ok ? out : undefined;
}

/** The whole storable time range (1970 to 2262): no step is longer, and its ms stay exact integers in SQL. */
export const MAX_STEP_SECONDS = Math.floor(MAX_INSTANT_MS / 1000);

export const stepParam = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const seconds = parseStepSeconds(s);
      if (seconds === undefined) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a step such as 30s, 1m, 1h or a number of seconds` });
        return z.NEVER;
      }
      if (seconds > MAX_STEP_SECONDS) {
        ctx.addIssue({ code: "custom", message: `must be at most ${MAX_STEP_SECONDS} seconds (1970 to 2262)` });
        return z.NEVER;
      }
      return seconds;
    }),
);

export const limitParam = z.preprocess(
  emptyAsUndefined,
  z.coerce.number().int("must be an integer").min(1).max(1000).default(100),
);

export interface TimeRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  /** False when the caller gave neither `from` nor `to` (the range is the default last hour). */
  explicit: boolean;
}

/** Fills the default range (last hour, or the hour before `to` but not before 1970, or `from` until now). */
export function resolveRange(from: number | undefined, to: number | undefined, now: number): TimeRange {
  const end = to ?? Math.max(now, from ?? now);
  return { from: from ?? Math.max(0, end - HOUR_MS), to: end, explicit: from !== undefined || to !== undefined };
}

export const rangeShape = { from: instantParam, to: instantParam };

/** Instants as rangeShape parses them. */
type RangeInput = { from?: Instant | undefined; to?: Instant | undefined };

/** The range with defaults filled, or undefined (and an issue on the field at fault). */
export function checkedRange(value: RangeInput, ctx: z.RefinementCtx): TimeRange | undefined {
  // `now` is read once, at parse time: "now-1h" and a missing range both mean "before it came".
  const now = Date.now();
  const ends = resolveInstants({ from: value.from, to: value.to }, now, ctx);
  if (ends === undefined) return undefined;
  const range = resolveRange(ends.from, ends.to, now);
  if (range.from <= range.to) return range;
  ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after `to`" });
  return undefined;
}

/** Replaces from/to of a parsed query by `range` (defaults filled, from ≤ to checked). */
export function withRange<T extends RangeInput>(
  value: T,
  ctx: z.RefinementCtx,
): Omit<T, "from" | "to"> & { range: TimeRange } {
  const { from: _from, to: _to, ...rest } = value;
  const range = checkedRange(value, ctx);
  return range === undefined ? z.NEVER : { ...rest, range };
}

/**
 * withRange plus a chart step: the caller's (at least minSeconds, rounded up to a multiple
 * of it) or a round default for the range; too many points is an issue on `step`.
 */
export function withRangeAndStep<T extends RangeInput & { step?: number | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
  minSeconds: number,
): Omit<T, "from" | "to" | "step"> & { range: TimeRange; stepSeconds: number } {
  const { from: _from, to: _to, step, ...rest } = value;
  const range = checkedRange(value, ctx);
  if (range === undefined) return z.NEVER;
  const chosen = chooseStepSeconds(range.to - range.from, minSeconds, step);
  const stepSeconds = Math.ceil(chosen / minSeconds) * minSeconds;
  if (!checkPointCount(range, stepSeconds, ctx)) return z.NEVER;
  return { ...rest, range, stepSeconds };
}

const NICE_STEPS_S = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
/** Points a chart gets when the caller names no step. */
export const TARGET_POINTS = 120;

/** The caller's step, or a round one giving about TARGET_POINTS points; never below minSeconds. */
export function chooseStepSeconds(rangeMs: number, minSeconds: number, requested?: number): number {
  if (requested !== undefined) return Math.max(requested, minSeconds);
  const ideal = rangeMs / 1000 / TARGET_POINTS;
  const nice = NICE_STEPS_S.find((s) => s >= ideal) ?? Math.ceil(ideal / 86400) * 86400;
  return Math.max(nice, minSeconds);
}

/** Checks the step against the range; too many points → issue on `step` and false. */
export function checkPointCount(range: TimeRange, stepSeconds: number, ctx: z.RefinementCtx): boolean {
  const points = (range.to - range.from) / (stepSeconds * 1000);
  if (points <= MAX_POINTS) return true;
  ctx.addIssue({
    code: "custom",
    path: ["step"],
    message: `gives ${Math.ceil(points)} points over this range; at most ${MAX_POINTS} (use a larger step)`,
  });
  return false;
}
