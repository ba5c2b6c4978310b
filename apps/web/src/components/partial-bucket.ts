// Buckets that cover less than their step (`partial` in /red, /services/overview and
// /metrics/series: the range cuts them, or they are still filling) have honest rates over the
// seconds they cover, but fewer events behind them: charts and sparklines draw them dashed,
// joined to their whole neighbours, so the newest bucket does not read as a solid drop or rise.
import { lineSeries } from "./chart-options.ts";

type Point = [number, number | null];

export interface SplitValues<T> {
  /** Values of whole buckets; null at partial ones. */
  whole: (T | null)[];
  /** Values of partial buckets and of the whole buckets next to them (so the lines join); null elsewhere. */
  partial: (T | null)[];
}

/** `values` and `partial` are per bucket, oldest first. */
export function splitPartial<T>(values: readonly (T | null)[], partial: readonly boolean[]): SplitValues<T> {
  const isPartial = (i: number) => partial[i] === true;
  return {
    whole: values.map((v, i) => (isPartial(i) ? null : v)),
    partial: values.map((v, i) => (isPartial(i) || isPartial(i - 1) || isPartial(i + 1) ? v : null)),
  };
}

/** A bucket's per-second value, null when it covers no time yet (it lies after now). */
export function perBucketSecond(count: number, seconds: number): number | null {
  return seconds > 0 ? count / seconds : null;
}

/** The line of whole buckets, and a dashed one over the partial buckets (same name: one legend entry). */
export function bucketLines(name: string, points: readonly Point[], partial: readonly boolean[], color: string) {
  const { whole, partial: dashed } = splitPartial(
    points.map((p) => p[1]),
    partial,
  );
  const at = (values: (number | null)[]) => points.map((p, i): Point => [p[0], values[i] ?? null]);
  const solid = lineSeries(name, at(whole), { color });
  if (!partial.some(Boolean)) return [solid];
  return [solid, { ...solid, data: at(dashed), lineStyle: { ...solid.lineStyle, type: "dashed" } }];
}
