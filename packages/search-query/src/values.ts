// Comparison values: plain numbers and durations (`500ms`, `1.5s`, `2m`) as nanoseconds.

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DURATION = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)$/;

export function parseNumber(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null;
}

export function parseDurationNs(text: string): number | null {
  const m = DURATION.exec(text);
  if (m === null) return null;
  return Math.round(Number(m[1]) * (UNIT_NS[m[2] as string] as number));
}
