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
 * Merges histograms of one series bucket: counts with identical bounds add up; when bounds
 * differ (a re-configured instrument) the bound set holding most observations wins.
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
  let best: BucketedHistogram | null = null;
  let bestTotal = -1;
  let bestKey = "";
  for (const [key, h] of byBounds) {
    const total = h.counts.reduce((a, b) => a + b, 0);
    // On a tie the lower key wins, so the result does not depend on the order parts arrive in.
    if (total > bestTotal || (total === bestTotal && key < bestKey)) [best, bestTotal, bestKey] = [h, total, key];
  }
  return best;
}

export const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
export type PercentileAgg = keyof typeof PERCENTILES;
export const isPercentile = (agg: string): agg is PercentileAgg => agg in PERCENTILES;
