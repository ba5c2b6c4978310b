// Exemplars the JS metrics SDK does not keep: per histogram series and bucket, the latest
// measurement made inside a sampled span, held until the next export drains them.
import {
  type Attributes,
  type Context,
  context,
  type Histogram,
  type Meter,
  type SpanContext,
  TraceFlags,
  trace,
} from "@opentelemetry/api";

export interface Exemplar {
  value: number;
  /** Unix nanoseconds as a decimal string (OTLP/JSON's uint64 form). */
  timeUnixNano: string;
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
}

/** A series' identity: its attributes, order-independent (the SDK keeps one data point per attribute set). */
export function seriesKey(attributes: Attributes): string {
  const entries = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** Index of the explicit bucket `value` falls in: bucket i holds (bounds[i-1], bounds[i]], the last one the overflow. */
export function bucketIndex(value: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) {
    if (value <= (bounds[i] as number)) return i;
  }
  return bounds.length;
}

function nowUnixNano(): string {
  // performance.timeOrigin + now() has sub-millisecond precision; Date.now() has not.
  const ms = performance.timeOrigin + performance.now();
  return (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.floor((ms % 1) * 1e6))).toString();
}

export class ExemplarReservoir {
  /** series key → bucket index → latest exemplar. */
  private series = new Map<string, Map<number, Exemplar>>();

  constructor(readonly bounds: readonly number[]) {}

  /** Keeps the measurement if it was made inside a sampled span; replaces the bucket's older one. */
  offer(value: number, attributes: Attributes, span: SpanContext | undefined, timeUnixNano = nowUnixNano()): void {
    if (!span || (span.traceFlags & TraceFlags.SAMPLED) === 0) return;
    const key = seriesKey(attributes);
    let buckets = this.series.get(key);
    if (!buckets) {
      buckets = new Map();
      this.series.set(key, buckets);
    }
    buckets.set(bucketIndex(value, this.bounds), { value, timeUnixNano, traceId: span.traceId, spanId: span.spanId });
  }

  /** The exemplars of the interval per series key, in bucket order; the reservoir starts empty again. */
  drain(): Map<string, Exemplar[]> {
    const out = new Map<string, Exemplar[]>();
    for (const [key, buckets] of this.series) {
      out.set(
        key,
        [...buckets.entries()].sort(([a], [b]) => a - b).map(([, exemplar]) => exemplar),
      );
    }
    this.series = new Map();
    return out;
  }
}

/** A histogram whose measurements also feed an exemplar reservoir (same bucket bounds). */
export class ExemplarHistogram {
  private readonly histogram: Histogram;
  readonly reservoir: ExemplarReservoir;

  constructor(
    meter: Meter,
    readonly name: string,
    options: { unit: string; description: string; bounds: readonly number[] },
  ) {
    this.histogram = meter.createHistogram(name, {
      unit: options.unit,
      description: options.description,
      advice: { explicitBucketBoundaries: [...options.bounds] },
    });
    this.reservoir = new ExemplarReservoir(options.bounds);
  }

  record(value: number, attributes: Attributes, ctx: Context = context.active()): void {
    this.histogram.record(value, attributes, ctx);
    this.reservoir.offer(value, attributes, trace.getSpanContext(ctx));
  }
}
