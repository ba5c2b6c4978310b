// Time inputs of the query API: instants as RFC 3339 or epoch milliseconds, ranges defaulting
// to the last hour, chart steps ("30s", "1m", plain seconds) with a default sized to the range.
import { z } from "zod";

export const HOUR_MS = 3_600_000;
/** Most points one series may have; a step that would give more is refused. */
export const MAX_POINTS = 11_000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EPOCH_MS = /^\d{1,16}(\.\d+)?$/;
const MAX_EPOCH_MS = 8.64e15; // the largest instant a JS Date can hold

/** Parses RFC 3339 or epoch milliseconds to epoch ms; undefined when it is neither. */
export function parseInstant(text: string): number | undefined {
  const s = text.trim();
  if (EPOCH_MS.test(s)) {
    const ms = Number(s);
    return ms <= MAX_EPOCH_MS ? ms : undefined;
  }
  if (!RFC3339.test(s)) return undefined;
  const ms = Date.parse(s.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Query strings send "" for an empty field (`?service=`): treat it as absent. */
export const emptyAsUndefined = (v: unknown): unknown => (v === "" ? undefined : v);

export const instantParam = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const ms = parseInstant(s);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not an RFC 3339 time or epoch milliseconds` });
        return z.NEVER;
      }
      return ms;
    }),
);

const STEP = /^(\d+)(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** "30s" | "1m" | "2h" | "1d" | "45" (seconds) → seconds; undefined when malformed. */
export function parseStepSeconds(text: string): number | undefined {
  const m = STEP.exec(text.trim());
  if (!m) return undefined;
  const seconds = Number(m[1]) * UNIT_SECONDS[(m[2] ?? "s") as keyof typeof UNIT_SECONDS];
  return seconds >= 1 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

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

/** Fills the default range (last hour, or the hour before `to`, or `from` until now). */
export function resolveRange(from: number | undefined, to: number | undefined, now: number): TimeRange {
  const end = to ?? Math.max(now, from ?? now);
  return { from: from ?? end - HOUR_MS, to: end, explicit: from !== undefined || to !== undefined };
}

export const rangeShape = { from: instantParam, to: instantParam };

/** The range with defaults filled, or undefined (and an issue on `from`) when from > to. */
export function checkedRange(
  value: { from?: number | undefined; to?: number | undefined },
  ctx: z.RefinementCtx,
): TimeRange | undefined {
  // `now` is read at parse time: a request without a range means "the hour before it came".
  const range = resolveRange(value.from, value.to, Date.now());
  if (range.from <= range.to) return range;
  ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after `to`" });
  return undefined;
}

/** Replaces from/to of a parsed query by `range` (defaults filled, from ≤ to checked). */
export function withRange<T extends { from?: number | undefined; to?: number | undefined }>(
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
export function withRangeAndStep<
  T extends { from?: number | undefined; to?: number | undefined; step?: number | undefined },
>(
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
