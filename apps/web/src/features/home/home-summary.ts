// The home dashboard's headline numbers, added up from the services overview. Pure.
import type { ServiceOverview } from "@tracelight/contracts";
import { partialRateFactor } from "../services/partial-bucket.ts";

export interface OverviewTotals {
  /** Requests per second summed over services (each service counts its own entry spans). */
  rate: number;
  requests: number;
  errors: number;
  /** errors / requests over every service, 0 without requests. */
  errorRate: number;
  serviceCount: number;
  /** Services with at least one failed request in the range. */
  servicesWithErrors: number;
  /** The service with the highest p99, if any had requests. */
  slowest?: { name: string; p99Ms: number };
  /** Per bucket, summed over services: requests/s and the overall error rate. */
  rateTrend: (number | null)[];
  errorRateTrend: (number | null)[];
}

/** `rangeEndMs`: where the range ends; the rate of the bucket holding it is corrected. */
export function overviewTotals(
  services: readonly ServiceOverview[],
  stepMs: number,
  rangeEndMs = Infinity,
): OverviewTotals {
  let rate = 0;
  let requests = 0;
  let errors = 0;
  let servicesWithErrors = 0;
  let slowest: OverviewTotals["slowest"];
  const bucketCount = Math.max(0, ...services.map((s) => s.buckets.length));
  const rateTrend = new Array<number>(bucketCount).fill(0);
  const errorTrend = new Array<number>(bucketCount).fill(0);
  const stepSeconds = stepMs / 1000;
  for (const s of services) {
    rate += s.rate;
    requests += s.requests;
    errors += s.errors;
    if (s.errors > 0) servicesWithErrors++;
    if (s.p99Ms !== null && (slowest === undefined || s.p99Ms > slowest.p99Ms))
      slowest = { name: s.name, p99Ms: s.p99Ms };
    s.buckets.forEach((b, i) => {
      rateTrend[i] = (rateTrend[i] ?? 0) + b.rate;
      // Buckets carry rates: back to counts so that busy services weigh more.
      errorTrend[i] = (errorTrend[i] ?? 0) + b.errorRate * b.rate * stepSeconds;
    });
  }
  const starts = services.find((s) => s.buckets.length === bucketCount)?.buckets.map((b) => b.timestamp) ?? [];
  const correctedRates = rateTrend.map((r, i) => {
    const factor = partialRateFactor(starts[i] ?? 0, stepMs, rangeEndMs);
    return factor === null ? null : r * factor;
  });
  const errorRateTrend = rateTrend.map((r, i) => (r > 0 ? (errorTrend[i] ?? 0) / (r * stepSeconds) : null));
  return {
    rate,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    serviceCount: services.length,
    servicesWithErrors,
    slowest,
    rateTrend: correctedRates,
    errorRateTrend,
  };
}

/** The busiest services (the overview answers busiest first; sorted again to be sure). */
export function busiest<T extends { name: string; rate: number }>(services: readonly T[], count: number): T[] {
  return [...services].sort((a, b) => b.rate - a.rate || a.name.localeCompare(b.name)).slice(0, count);
}
