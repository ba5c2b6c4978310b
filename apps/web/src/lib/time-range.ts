// Time ranges as they live in the URL: `from`/`to` in the query API's time grammar, written as
// relative expressions ("now-1h", "now") or epoch milliseconds. Resolved here against the page's
// one `now`, so every panel asks for the same window. Pure: every function takes `now`.
import { instantAt, isRelativeInstant } from "@tracelight/contracts/values";

export interface TimeRangeExpr {
  from: string;
  to: string;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export const DEFAULT_RANGE: TimeRangeExpr = { from: "now-1h", to: "now" };

export const RELATIVE_PRESETS: readonly { label: string; from: string }[] = [
  { label: "Last 5 minutes", from: "now-5m" },
  { label: "Last 15 minutes", from: "now-15m" },
  { label: "Last 1 hour", from: "now-1h" },
  { label: "Last 3 hours", from: "now-3h" },
  { label: "Last 6 hours", from: "now-6h" },
  { label: "Last 24 hours", from: "now-24h" },
  { label: "Last 2 days", from: "now-2d" },
  { label: "Last 7 days", from: "now-7d" },
];

/** An instant of the URL (see @tracelight/contracts time-grammar.ts) → epoch ms; undefined when malformed. */
export const parseTimeExpr = instantAt;

export function isRelative(expr: TimeRangeExpr): boolean {
  return isRelativeInstant(expr.from) && isRelativeInstant(expr.to);
}

/** The range from URL values; a missing or malformed pair falls back to the default (last hour). */
export function readRangeExpr(from: string | null | undefined, to: string | null | undefined): TimeRangeExpr {
  const candidate = { from: from ?? DEFAULT_RANGE.from, to: to ?? DEFAULT_RANGE.to };
  const probe = resolveRange(candidate, 0);
  return probe === undefined ? DEFAULT_RANGE : candidate;
}

/** Epoch ms bounds, or undefined when an end is malformed or from is after to. */
export function resolveRange(expr: TimeRangeExpr, now: number): ResolvedRange | undefined {
  const fromMs = parseTimeExpr(expr.from, now);
  const toMs = parseTimeExpr(expr.to, now);
  if (fromMs === undefined || toMs === undefined || fromMs > toMs) return undefined;
  return { fromMs, toMs };
}

/** An absolute range (epoch ms in the URL), e.g. after brushing a chart. */
export function absoluteRange(fromMs: number, toMs: number): TimeRangeExpr {
  const lo = Math.round(Math.min(fromMs, toMs));
  const hi = Math.round(Math.max(fromMs, toMs));
  return { from: String(lo), to: String(hi === lo ? lo + 1_000 : hi) };
}

/** The same length of time, centred on the same instant, `factor` times longer (zoom out). */
export function scaleRange(range: ResolvedRange, factor: number): TimeRangeExpr {
  const centre = (range.fromMs + range.toMs) / 2;
  const half = ((range.toMs - range.fromMs) * factor) / 2;
  return absoluteRange(centre - half, centre + half);
}

/** A window of `paddingMs` either side of [startMs, endMs], e.g. a trace's time for log search. */
export function windowAround(startMs: number, endMs: number, paddingMs: number): TimeRangeExpr {
  return absoluteRange(Math.floor(startMs - paddingMs), Math.ceil(endMs + paddingMs));
}

/** A short label: the preset's name, "Last 90 minutes", or the absolute ends in local time. */
export function describeRange(expr: TimeRangeExpr, format: (ms: number) => string): string {
  if (expr.to.trim() === "now") {
    const preset = RELATIVE_PRESETS.find((p) => p.from === expr.from.trim());
    if (preset) return preset.label;
    const start = expr.from.trim();
    if (start.startsWith("now-") && isRelativeInstant(start)) return `Last ${start.slice(4)}`;
  }
  const from = parseTimeExpr(expr.from, Date.now());
  const to = parseTimeExpr(expr.to, Date.now());
  if (from === undefined || to === undefined) return `${expr.from} → ${expr.to}`;
  return `${format(from)} → ${format(to)}`;
}

/** `<input type="datetime-local">` value (local time, minutes) ↔ epoch ms. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
