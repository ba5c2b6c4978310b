// Tracelight's one time grammar, for URLs, query strings and request bodies alike: instants
// (RFC 3339, epoch milliseconds, or relative to a request's `now`: "now", "now-6h", "now+2w")
// and durations ("30s", "5m", "6h", "7d", "2w"). Without zod, so the browser can use it.

const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type DurationUnit = keyof typeof DURATION_UNIT_MS;

const DURATION = /^(\d+)([smhdw])$/;
const RELATIVE = /^now(?:([+-])(\d+[smhdw]))?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EPOCH_MS = /^\d{1,16}(\.\d+)?$/;

/** "30s" | "5m" | "6h" | "7d" | "2w" → ms (0 for "0s"); undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * DURATION_UNIT_MS[m[2] as DurationUnit];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** A duration in whole seconds; undefined when malformed or zero. */
export function parseDurationSeconds(text: string): number | undefined {
  const ms = parseDurationMs(text);
  return ms === undefined || ms === 0 ? undefined : ms / 1000;
}

/** Seconds of a duration that may be zero ("0s", "0" or absent mean none). */
export function durationOrZero(text: string | undefined): number {
  return text === undefined ? 0 : (parseDurationSeconds(text) ?? 0);
}

/** A chart step: a duration, or a plain number of seconds ("45"); undefined when malformed or zero. */
export function parseStepSeconds(text: string): number | undefined {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return parseDurationSeconds(s);
  const seconds = Number(s);
  return seconds >= 1 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** An instant as written: epoch ms, or an offset from the `now` it is resolved against. */
export type Instant = { readonly ms: number } | { readonly fromNowMs: number };

/** The grammar in a few words, for messages. */
export const INSTANT_FORMATS = "RFC 3339, epoch milliseconds, now or now-15m";

/** RFC 3339, epoch milliseconds, "now" or "now±N{s,m,h,d,w}"; undefined when it is none of them. */
export function parseInstant(text: string): Instant | undefined {
  const s = text.trim();
  const relative = RELATIVE.exec(s);
  if (relative) {
    if (relative[2] === undefined) return { fromNowMs: 0 };
    const ms = parseDurationMs(relative[2]);
    if (ms === undefined) return undefined;
    return { fromNowMs: relative[1] === "-" ? -ms : ms };
  }
  if (EPOCH_MS.test(s)) return { ms: Number(s) };
  if (!RFC3339.test(s)) return undefined;
  const ms = Date.parse(s.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : { ms };
}

export function resolveInstant(instant: Instant, now: number): number {
  return "ms" in instant ? instant.ms : now + instant.fromNowMs;
}

/** parseInstant resolved against `now`: epoch ms, or undefined when the text is not an instant. */
export function instantAt(text: string, now: number): number | undefined {
  const instant = parseInstant(text);
  return instant === undefined ? undefined : resolveInstant(instant, now);
}

export function isRelativeInstant(text: string): boolean {
  return RELATIVE.test(text.trim());
}

// The store's times are DateTime64(9), nanoseconds in an Int64 that ends in 2262; OTLP's times are
// unsigned nanoseconds since 1970, so nothing before 1970 can match.
export const MAX_INSTANT_MS = 9_223_372_036_854;
export const INSTANT_RANGE_MESSAGE = "must be between 1970-01-01T00:00:00Z and 2262-04-11T23:47:16Z";

export function isStorableInstant(ms: number): boolean {
  return ms >= 0 && ms <= MAX_INSTANT_MS;
}
