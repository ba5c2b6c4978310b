// The home dashboard's headline numbers, added up from the services overview. Pure.
import type { ServiceOverview } from "@tracelight/contracts";

export interface OverviewTotals {
  /** Requests per second summed over services (each service counts its own entry spans; all over the same seconds). */
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
  /** Per bucket, summed over services: requests/s and the overall error rate (null: no time or no requests). */
  rateTrend: (number | null)[];
  errorRateTrend: (number | null)[];
  /** Per bucket: it covers less than a step (drawn dashed). */
  trendPartial: boolean[];
}

export function overviewTotals(services: readonly ServiceOverview[]): OverviewTotals {
  let rate = 0;
  let requests = 0;
  let errors = 0;
  let servicesWithErrors = 0;
  let slowest: OverviewTotals["slowest"];
  // Every service has the same buckets (timestamps, seconds, partial): the overview's grid.
  const grid = services[0]?.buckets ?? [];
  const rateTrend = grid.map((b): number | null => (b.seconds > 0 ? 0 : null));
  const errorCounts = grid.map(() => 0);
  for (const s of services) {
    // The same seconds for every service: their rates add up.
    rate += s.rate;
    requests += s.requests;
    errors += s.errors;
    if (s.errors > 0) servicesWithErrors++;
    if (s.p99Ms !== null && (slowest === undefined || s.p99Ms > slowest.p99Ms))
      slowest = { name: s.name, p99Ms: s.p99Ms };
    s.buckets.forEach((b, i) => {
      const sum = rateTrend[i];
      if (sum === null || sum === undefined) return;
      rateTrend[i] = sum + b.rate;
      // Buckets carry rates: back to counts so that busy services weigh more.
      errorCounts[i] = (errorCounts[i] ?? 0) + b.errorRate * b.rate * b.seconds;
    });
  }
  const errorRateTrend = rateTrend.map((r, i) =>
    r === null || r === 0 ? null : (errorCounts[i] ?? 0) / (r * (grid[i]?.seconds ?? 0)),
  );
  return {
    rate,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    serviceCount: services.length,
    servicesWithErrors,
    slowest,
    rateTrend,
    errorRateTrend,
    trendPartial: grid.map((b) => b.partial),
  };
}

/** The busiest services (the overview answers busiest first; sorted again to be sure). */
export function busiest<T extends { name: string; rate: number }>(services: readonly T[], count: number): T[] {
  return [...services].sort((a, b) => b.rate - a.rate || a.name.localeCompare(b.name)).slice(0, count);
}
