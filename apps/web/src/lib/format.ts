// Number and time formatting shared by every view. Values that carry a UCUM unit (as OTLP sends
// them) go through valueScale/formatValue, which pick a readable scale within the unit's family:
// durations ns…h, bytes B…TiB (or kB…TB), ratios as percents, other units as plain numbers.
import { type UnitInfo, unitInfo } from "@tracelight/contracts/values";

export interface ValueScale {
  /** The UCUM unit the values are shown in; a value times `factor` is in it. */
  unit: string;
  factor: number;
  /** That unit as a reader sees it, for titles: "MiB/s", "%", "min", "request"; "" for none. */
  label: string;
  /**
   * A value in the unit the scale was chosen for, as text ("2.30 ms", "69.0 %", "3 requests").
   * `bare` leaves out an `{annotation}` word, for axis ticks (the chart's title names it).
   */
  format(value: number | null | undefined, bare?: boolean): string;
}

interface Step {
  /** UCUM code. */
  code: string;
  label: string;
  /** In the family's base unit (s, By, 1). */
  size: number;
  /** Minutes and hours read better with one decimal ("1.6 min"). */
  oneDecimal?: boolean;
}

const TIME_STEPS: Step[] = [
  { code: "ns", label: "ns", size: 1e-9 },
  { code: "us", label: "µs", size: 1e-6 },
  { code: "ms", label: "ms", size: 1e-3 },
  { code: "s", label: "s", size: 1 },
  { code: "min", label: "min", size: 60, oneDecimal: true },
  { code: "h", label: "h", size: 3600, oneDecimal: true },
];
const IEC_STEPS: Step[] = ["By", "KiBy", "MiBy", "GiBy", "TiBy"].map((code, i) => ({
  code,
  label: code.replace(/y$/, ""),
  size: 1024 ** i,
}));
const SI_STEPS: Step[] = ["By", "kBy", "MBy", "GBy", "TBy"].map((code, i) => ({
  code,
  label: code.replace(/y$/, ""),
  size: 1000 ** i,
}));
const PERCENT_STEP: Step = { code: "%", label: "%", size: 0.01 };
/** Abbreviations of plain numbers; four digits stay as they are. */
const PLAIN_STEPS = [
  { label: "", size: 1, from: 0 },
  { label: "k", size: 1e3, from: 1e4 },
  { label: "M", size: 1e6, from: 1e6 },
  { label: "G", size: 1e9, from: 1e9 },
  { label: "T", size: 1e12, from: 1e12 },
];

/**
 * `x` rounded half away from zero to `d` decimals, after removing binary noise: 2335 ms × 0.001
 * is 2.3349999…, which toFixed would round down to "2.33".
 */
function fixed(x: number, d: number): string {
  const clean = Math.abs(Number(x.toPrecision(12)));
  const text = String(clean);
  const rounded = text.includes("e") ? clean : Math.round(Number(`${text}e${d}`)) / 10 ** d;
  return (Math.sign(x) * rounded).toFixed(d);
}

function grouped(n: number): string {
  return Number(fixed(n, 0)).toLocaleString("en-US");
}

/** About three significant digits, whole numbers kept whole when `keepIntegers`. */
function digits(x: number, oneDecimal = false, keepIntegers = false): string {
  const a = Math.abs(x);
  if (x === 0) return "0";
  if (a >= 1000) return grouped(x);
  if (keepIntegers && Number.isInteger(x)) return String(x);
  if (oneDecimal) return fixed(x, a < 100 ? 1 : 0);
  if (a >= 1) return fixed(x, a >= 100 ? 0 : a >= 10 ? 1 : 2);
  return a >= 0.001 ? x.toPrecision(3) : x.toExponential(2);
}

function stepsOf(base: string, info: UnitInfo): Step[] {
  if (info.dimension === "time") return TIME_STEPS;
  if (info.dimension === "ratio") return [PERCENT_STEP];
  return /^[kMGT]By$/.test(base) ? SI_STEPS : IEC_STEPS;
}

/** OTel's `{request}` as a word that agrees with the number ("1 request", "3 requests"). */
function annotationWord(base: string, value: number): string {
  const word = base.slice(1, -1);
  if (Math.abs(value) === 1 || word.endsWith("s")) return word;
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}

const NO_VALUE = "–";

/**
 * The scale for values in `unit` up to `maxAbs` (the largest absolute value to show): one scale
 * for every tick of an axis. Without a usable `maxAbs` the unit's own scale.
 */
export function valueScale(unit: string, maxAbs = Number.NaN): ValueScale {
  const per = unit.endsWith("/s") ? "/s" : "";
  const base = unit.slice(0, unit.length - per.length);
  const info = unitInfo(base);
  if (info === undefined) return plainScale(unit, base, per, maxAbs);
  const steps = stepsOf(base, info);
  const size = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs * info.scale : info.scale;
  const step = steps.findLast((s) => s.size <= size * (1 + 1e-9)) ?? steps[0] ?? PERCENT_STEP;
  const factor = info.scale / step.size;
  return {
    unit: `${step.code}${per}`,
    factor,
    label: `${step.label}${per}`,
    format: (value) =>
      value === null || value === undefined || !Number.isFinite(value)
        ? NO_VALUE
        : `${digits(value * factor, step.oneDecimal)} ${step.label}${per}`,
  };
}

function plainScale(unit: string, base: string, per: string, maxAbs: number): ValueScale {
  const abbr = PLAIN_STEPS.findLast((s) => maxAbs >= s.from) ?? { label: "", size: 1 };
  const annotated = /^\{.*\}$/.test(base);
  return {
    unit,
    factor: 1,
    label: annotated ? `${base.slice(1, -1)}${per}` : unit,
    format: (value, bare = false) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
      const number = `${digits(value / abbr.size, false, true)}${abbr.label}`;
      if (annotated) return bare ? number : `${number} ${annotationWord(base, value)}${per}`;
      return base === "" ? `${number}${per}` : `${number} ${unit}`;
    },
  };
}

/** A value in `unit` at its own best scale ("4.58 s", "1.20 GiB", "69.0 %", "12.5k"). */
export function formatValue(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return valueScale(unit, Math.abs(value)).format(value);
}

/** Span and request durations, given in milliseconds; nothing is "0". */
export function formatDurationMs(ms: number | null | undefined): string {
  return ms === 0 ? "0" : formatValue(ms, "ms");
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return "–";
  if (perSecond === 0) return "0/s";
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1)}/min`;
  return `${perSecond < 10 ? perSecond.toFixed(2) : Math.round(perSecond).toLocaleString("en-US")}/s`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const pct = ratio * 100;
  if (pct === 0) return "0%";
  return `${pct < 0.1 ? pct.toFixed(2) : pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** A count with thousands separators; "–" for a missing or non-finite one (never a crash). */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US");
}

/** Local time "HH:mm:ss" (with the date when it is not today). */
export function formatTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString("en-GB", { hour12: false });
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? time : `${d.toLocaleDateString("en-CA")} ${time}`;
}

/** Local time with milliseconds, for logs and span starts. */
export function formatTimePrecise(ms: number): string {
  const d = new Date(ms);
  return `${formatTime(ms)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}
