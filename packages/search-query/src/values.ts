// Comparison values: plain numbers and durations (`500ms`, `1.5s`, `2m`) as nanoseconds.

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DURATION = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)$/;

/** A finite decimal number (`1e999` is not: it would reach the engine as infinity). */
export function parseNumber(text: string): number | null {
  const n = NUMBER.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

export function parseDurationNs(text: string): number | null {
  const m = DURATION.exec(text);
  if (m === null) return null;
  const ns = Math.round(Number(m[1]) * (UNIT_NS[m[2] as string] as number));
  return Number.isSafeInteger(ns) ? ns : null;
}
