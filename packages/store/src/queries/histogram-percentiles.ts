// Percentiles from explicit-bucket histogram counts, as Prometheus' histogram_quantile does:
// find the bucket holding the rank, interpolate linearly inside it. The first bucket starts
// at 0 (when its upper bound is positive); a rank in the overflow bucket returns the highest
// explicit bound (the data say nothing more precise).

/**
 * @param q quantile in 0..1
 * @param bounds ExplicitBounds (ascending), n values
 * @param counts per-bucket counts, n + 1 values (bucket i is (bounds[i-1], bounds[i]])
 */
export function histogramQuantile(q: number, bounds: readonly number[], counts: readonly number[]): number | null {
  if (bounds.length === 0) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i <= bounds.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && cumulative + count >= rank) {
      if (i === bounds.length) return bounds[bounds.length - 1]!;
      const upper = bounds[i]!;
      const lower = i === 0 ? Math.min(upper, 0) : bounds[i - 1]!;
      return lower + ((upper - lower) * (rank - cumulative)) / count;
    }
    cumulative += count;
  }
  return bounds[bounds.length - 1]!;
}

export interface BucketedHistogram {
  bounds: number[];
  counts: number[];
}

/**
 * Merges histograms of one series bucket: counts with identical bounds add up; different bound
 * sets (series sent in different units, converted, or a re-configured instrument) are spread
 * onto the union of their bounds, each bucket's count split by how much of it each union bucket
 * covers (observations evenly spread inside a bucket, as histogramQuantile assumes).
 */
export function mergeHistograms(parts: readonly BucketedHistogram[]): BucketedHistogram | null {
  const byBounds = new Map<string, BucketedHistogram>();
  for (const p of parts) {
    const key = p.bounds.join(",");
    const seen = byBounds.get(key);
    if (seen === undefined) byBounds.set(key, { bounds: p.bounds, counts: [...p.counts] });
    else
      p.counts.forEach((c, i) => {
        seen.counts[i] = (seen.counts[i] ?? 0) + c;
      });
  }
  const sets = [...byBounds.values()];
  if (sets.length <= 1) return sets[0] ?? null;
  const bounds = unionBounds(sets.map((h) => h.bounds));
  const counts: number[] = new Array(bounds.length + 1).fill(0);
  for (const h of sets) spread(h, bounds, counts);
  return { bounds, counts };
}

/** Equal but for float noise (bounds converted from another unit: 30 × 0.001 vs 0.03). */
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

function unionBounds(sets: readonly (readonly number[])[]): number[] {
  const all = sets.flat().sort((a, b) => a - b);
  return all.filter((b, i) => i === 0 || !near(b, all[i - 1] as number));
}

/** The index of the union bucket whose upper bound is `upper` (or the first above it). */
const bucketOf = (union: readonly number[], upper: number) => {
  const i = union.findIndex((b) => b > upper || near(b, upper));
  return i === -1 ? union.length : i;
};

/** Adds `h`'s counts to `counts` over `union` bounds. */
function spread(h: BucketedHistogram, union: readonly number[], counts: number[]): void {
  const n = h.bounds.length;
  h.counts.forEach((c, i) => {
    if (c === 0) return;
    const last = h.bounds[n - 1] as number;
    // Above the last bound: the union bucket that starts there (histogramQuantile reads such
    // ranks as the last bound, the lower edge of that bucket).
    if (i === n) {
      const j = bucketOf(union, last);
      counts[near(union[j] ?? Number.NaN, last) ? j + 1 : j]! += c;
      return;
    }
    const hi = h.bounds[i] as number;
    const lo = i === 0 ? Math.min(hi, 0) : (h.bounds[i - 1] as number);
    if (hi <= lo) {
      counts[bucketOf(union, hi)]! += c;
      return;
    }
    for (let j = bucketOf(union, lo); j <= union.length; j++) {
      const uhi = j < union.length ? (union[j] as number) : Number.POSITIVE_INFINITY;
      const ulo = j === 0 ? Math.min(uhi, 0) : (union[j - 1] as number);
      if (ulo >= hi || near(ulo, hi)) break;
      const overlap = Math.min(hi, uhi) - Math.max(lo, ulo);
      if (overlap > 0) counts[j]! += (c * overlap) / (hi - lo);
    }
  });
}

export const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
export type PercentileAgg = keyof typeof PERCENTILES;
export const isPercentile = (agg: string): agg is PercentileAgg => agg in PERCENTILES;
