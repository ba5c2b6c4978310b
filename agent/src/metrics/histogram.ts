// Cumulative explicit-bucket histograms with exemplars kept per export interval: the slowest
// sampled observation and the latest failed one, so every point of a latency chart links to its
// worst request and, when there was one, an error.
import type { Attributes, Exemplar, HistogramPoint, Metric, UnixNanos } from "../telemetry/model.ts";
import { DEFAULT_IDLE_NS, SeriesTable } from "./series-table.ts";

export interface Observation {
  value: number;
  timeUnixNano: UnixNanos;
  /** Set when the observation's span was kept: it can be an exemplar. */
  trace?: { traceId: string; spanId: string; error: boolean };
}

interface HistogramState {
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
  slowest: Exemplar | undefined;
  latestError: Exemplar | undefined;
}

/** Index of the bucket holding `value`: bucket i is (bounds[i-1], bounds[i]]. */
export function bucketOf(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= bounds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Observations counted elsewhere (the loader), added as a whole; `counts` over the same bounds. */
export interface HistogramDelta {
  counts: readonly number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** The interval's exemplars: its slowest observation, and its latest error. */
function keepExemplar(s: HistogramState, exemplar: Exemplar, error: boolean): void {
  if (!s.slowest || exemplar.value > s.slowest.value) s.slowest = exemplar;
  if (error) s.latestError = exemplar;
}

export interface ResourceMetric {
  resource: Attributes;
  metric: Metric;
}

export class HistogramAggregator {
  private readonly table: SeriesTable<HistogramState>;

  constructor(
    readonly name: string,
    readonly unit: string,
    readonly description: string,
    readonly bounds: readonly number[],
    idleNs = DEFAULT_IDLE_NS,
  ) {
    this.table = new SeriesTable(
      () => ({
        counts: new Array(bounds.length + 1).fill(0),
        count: 0,
        sum: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        slowest: undefined,
        latestError: undefined,
      }),
      idleNs,
    );
  }

  get size(): number {
    return this.table.size;
  }

  record(
    resourceKey: string,
    resource: Attributes,
    attributes: Attributes,
    obs: Observation,
    seriesKey?: string,
  ): void {
    const s = this.table.touch(resourceKey, resource, attributes, obs.timeUnixNano, seriesKey);
    s.counts[bucketOf(this.bounds, obs.value)]!++;
    s.count++;
    s.sum += obs.value;
    if (obs.value < s.min) s.min = obs.value;
    if (obs.value > s.max) s.max = obs.value;
    if (obs.trace) {
      const { traceId, spanId, error } = obs.trace;
      keepExemplar(s, { timeUnixNano: obs.timeUnixNano, value: obs.value, traceId, spanId }, error);
    }
  }

  /** Adds observations counted elsewhere to the series. */
  add(
    resourceKey: string,
    resource: Attributes,
    attributes: Attributes,
    delta: HistogramDelta,
    time: UnixNanos,
    seriesKey?: string,
  ): void {
    if (delta.count === 0) return;
    const s = this.table.touch(resourceKey, resource, attributes, time, seriesKey);
    for (let i = 0; i < s.counts.length; i++) s.counts[i]! += delta.counts[i] ?? 0;
    s.count += delta.count;
    s.sum += delta.sum;
    if (delta.min < s.min) s.min = delta.min;
    if (delta.max > s.max) s.max = delta.max;
  }

  /** Offers an observation counted elsewhere as the series' exemplar (the slowest, the latest error). */
  offerExemplar(
    resourceKey: string,
    resource: Attributes,
    attributes: Attributes,
    exemplar: Exemplar,
    error: boolean,
    seriesKey?: string,
  ): void {
    keepExemplar(
      this.table.touch(resourceKey, resource, attributes, exemplar.timeUnixNano, seriesKey),
      exemplar,
      error,
    );
  }

  /**
   * One metric per resource with every series' cumulative point; exemplars start over. A series
   * that has an exemplar but no count yet (its counts come later) waits with its exemplars.
   */
  collect(now: UnixNanos): ResourceMetric[] {
    const out: ResourceMetric[] = [];
    for (const all of this.table.byResource(now).values()) {
      const entries = all.filter((e) => e.state.count > 0);
      if (entries.length === 0) continue;
      const points: HistogramPoint[] = entries.map(({ attributes, start, state: s }) => {
        const exemplars: Exemplar[] = [];
        if (s.slowest) exemplars.push(s.slowest);
        if (s.latestError && s.latestError !== s.slowest) exemplars.push(s.latestError);
        s.slowest = undefined;
        s.latestError = undefined;
        return {
          attributes,
          startTimeUnixNano: start,
          timeUnixNano: now,
          bounds: this.bounds,
          counts: [...s.counts],
          count: s.count,
          sum: s.sum,
          min: s.min,
          max: s.max,
          exemplars,
        };
      });
      const metric: Metric = {
        type: "histogram",
        name: this.name,
        unit: this.unit,
        description: this.description,
        temporality: "cumulative",
        points,
      };
      out.push({ resource: entries[0]!.resource, metric });
    }
    return out;
  }
}
