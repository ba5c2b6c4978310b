// Metric data points and their exemplars (opentelemetry/proto/metrics/v1/metrics.proto).
// A point whose exemplar carries a malformed ID is refused; the metric's other points stay.
import { type MetricContext, metricBase } from "../context.ts";
import { idProblem } from "../ids.ts";
import type { Outcome } from "../outcome.ts";
import type {
  AttributeMap,
  ExemplarRow,
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  SummaryRow,
} from "../rows.ts";
import { optionalHex, readAttribute } from "./common.ts";
import { fields, type Reader } from "./reader.ts";

const NUMBER_KNOWN = fields(2, 3, 4, 5, 6, 7, 8);
const HISTOGRAM_KNOWN = fields(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
const EXPONENTIAL_KNOWN = fields(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
const BUCKETS_KNOWN = fields(1, 2);
const SUMMARY_KNOWN = fields(2, 3, 4, 5, 6, 7, 8);
const QUANTILE_KNOWN = fields(1, 2);
const EXEMPLAR_KNOWN = fields(2, 3, 4, 5, 6, 7);

/** NumberDataPoint, for gauges and sums (as_int becomes a double, as the tables hold it). */
export function readNumberPoint(r: Reader, end: number, ctx: MetricContext, out: Outcome): GaugeRow | undefined {
  const attributes: AttributeMap = {};
  let start = 0n;
  let time = 0n;
  let value = 0;
  let flags = 0;
  const exemplars: ExemplarRow[] = [];
  let problem: string | undefined;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 58:
        readAttribute(r, attributes);
        break;
      case 17:
        start = r.fixed64Big();
        break;
      case 25:
        time = r.fixed64Big();
        break;
      case 33:
        value = r.double();
        break;
      case 49:
        value = r.sfixed64Number();
        break;
      case 42:
        problem = readExemplar(r, r.lenEnd(), exemplars) ?? problem;
        break;
      case 64:
        flags = r.uint32();
        break;
      default:
        r.unknown(tag, NUMBER_KNOWN, "NumberDataPoint");
    }
  }
  r.end(end, "NumberDataPoint");
  if (refused(problem, out)) return undefined;
  return { ...metricBase(ctx, attributes, start, time, flags), Value: value, Exemplars: exemplars };
}

export function readHistogramPoint(r: Reader, end: number, ctx: MetricContext, out: Outcome): HistogramRow | undefined {
  const attributes: AttributeMap = {};
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum = 0;
  const bucketCounts: bigint[] = [];
  const bounds: number[] = [];
  const exemplars: ExemplarRow[] = [];
  let flags = 0;
  let min = 0;
  let max = 0;
  let problem: string | undefined;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 74:
        readAttribute(r, attributes);
        break;
      case 17:
        start = r.fixed64Big();
        break;
      case 25:
        time = r.fixed64Big();
        break;
      case 33:
        count = r.fixed64Big();
        break;
      case 41:
        sum = r.double();
        break;
      // Repeated scalars may arrive packed (one length-delimited field) or one per tag.
      case 50:
        readPackedFixed64(r, bucketCounts);
        break;
      case 49:
        bucketCounts.push(r.fixed64Big());
        break;
      case 58:
        readPackedDouble(r, bounds);
        break;
      case 57:
        bounds.push(r.double());
        break;
      case 66:
        problem = readExemplar(r, r.lenEnd(), exemplars) ?? problem;
        break;
      case 80:
        flags = r.uint32();
        break;
      case 89:
        min = r.double();
        break;
      case 97:
        max = r.double();
        break;
      default:
        r.unknown(tag, HISTOGRAM_KNOWN, "HistogramDataPoint");
    }
  }
  r.end(end, "HistogramDataPoint");
  if (refused(problem, out)) return undefined;
  return {
    ...metricBase(ctx, attributes, start, time, flags),
    Count: count,
    Sum: sum,
    BucketCounts: bucketCounts,
    ExplicitBounds: bounds,
    Exemplars: exemplars,
    Min: min,
    Max: max,
    AggregationTemporality: 0,
  };
}

export function readExponentialHistogramPoint(
  r: Reader,
  end: number,
  ctx: MetricContext,
  out: Outcome,
): ExponentialHistogramRow | undefined {
  const attributes: AttributeMap = {};
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum = 0;
  let scale = 0;
  let zeroCount = 0n;
  const positive: Buckets = { offset: 0, counts: [] };
  const negative: Buckets = { offset: 0, counts: [] };
  let flags = 0;
  const exemplars: ExemplarRow[] = [];
  let min = 0;
  let max = 0;
  let problem: string | undefined;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10:
        readAttribute(r, attributes);
        break;
      case 17:
        start = r.fixed64Big();
        break;
      case 25:
        time = r.fixed64Big();
        break;
      case 33:
        count = r.fixed64Big();
        break;
      case 41:
        sum = r.double();
        break;
      case 48:
        scale = r.sint32();
        break;
      case 57:
        zeroCount = r.fixed64Big();
        break;
      case 66:
        readBuckets(r, r.lenEnd(), positive);
        break;
      case 74:
        readBuckets(r, r.lenEnd(), negative);
        break;
      case 80:
        flags = r.uint32();
        break;
      case 90:
        problem = readExemplar(r, r.lenEnd(), exemplars) ?? problem;
        break;
      case 97:
        min = r.double();
        break;
      case 105:
        max = r.double();
        break;
      default:
        r.unknown(tag, EXPONENTIAL_KNOWN, "ExponentialHistogramDataPoint");
    }
  }
  r.end(end, "ExponentialHistogramDataPoint");
  if (refused(problem, out)) return undefined;
  return {
    ...metricBase(ctx, attributes, start, time, flags),
    Count: count,
    Sum: sum,
    Scale: scale,
    ZeroCount: zeroCount,
    PositiveOffset: positive.offset,
    PositiveBucketCounts: positive.counts,
    NegativeOffset: negative.offset,
    NegativeBucketCounts: negative.counts,
    Exemplars: exemplars,
    Min: min,
    Max: max,
    AggregationTemporality: 0,
  };
}

interface Buckets {
  offset: number;
  counts: bigint[];
}

function readBuckets(r: Reader, end: number, into: Buckets): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 8) into.offset = r.sint32();
    else if (tag === 18) {
      const listEnd = r.lenEnd();
      while (r.pos < listEnd) into.counts.push(r.uint64Big());
      r.end(listEnd, "packed bucket_counts");
    } else if (tag === 16) into.counts.push(r.uint64Big());
    else r.unknown(tag, BUCKETS_KNOWN, "ExponentialHistogramDataPoint.Buckets");
  }
  r.end(end, "ExponentialHistogramDataPoint.Buckets");
}

export function readSummaryPoint(r: Reader, end: number, ctx: MetricContext): SummaryRow {
  const attributes: AttributeMap = {};
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum = 0;
  const quantiles: { Quantile: number; Value: number }[] = [];
  let flags = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 58:
        readAttribute(r, attributes);
        break;
      case 17:
        start = r.fixed64Big();
        break;
      case 25:
        time = r.fixed64Big();
        break;
      case 33:
        count = r.fixed64Big();
        break;
      case 41:
        sum = r.double();
        break;
      case 50:
        quantiles.push(readQuantile(r, r.lenEnd()));
        break;
      case 64:
        flags = r.uint32();
        break;
      default:
        r.unknown(tag, SUMMARY_KNOWN, "SummaryDataPoint");
    }
  }
  r.end(end, "SummaryDataPoint");
  return { ...metricBase(ctx, attributes, start, time, flags), Count: count, Sum: sum, ValueAtQuantiles: quantiles };
}

function readQuantile(r: Reader, end: number): { Quantile: number; Value: number } {
  let quantile = 0;
  let value = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 9) quantile = r.double();
    else if (tag === 17) value = r.double();
    else r.unknown(tag, QUANTILE_KNOWN, "SummaryDataPoint.ValueAtQuantile");
  }
  r.end(end, "SummaryDataPoint.ValueAtQuantile");
  return { Quantile: quantile, Value: value };
}

/** Adds the exemplar to `into`, or returns why its IDs make the data point unacceptable. */
function readExemplar(r: Reader, end: number, into: ExemplarRow[]): string | undefined {
  const attributes: AttributeMap = {};
  let time = 0n;
  let value = 0;
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 58:
        readAttribute(r, attributes);
        break;
      case 17:
        time = r.fixed64Big();
        break;
      case 25:
        value = r.double();
        break;
      case 49:
        value = r.sfixed64Number();
        break;
      case 34:
        spanEnd = r.lenEnd();
        spanStart = r.pos;
        r.pos = spanEnd;
        break;
      case 42:
        traceEnd = r.lenEnd();
        traceStart = r.pos;
        r.pos = traceEnd;
        break;
      default:
        r.unknown(tag, EXEMPLAR_KNOWN, "Exemplar");
    }
  }
  r.end(end, "Exemplar");
  const problem =
    idProblem("exemplar trace_id", traceEnd - traceStart, false, 16, false) ??
    idProblem("exemplar span_id", spanEnd - spanStart, false, 8, false);
  if (problem !== undefined) return problem;
  into.push({
    FilteredAttributes: attributes,
    TimeUnix: time,
    Value: value,
    SpanId: optionalHex(r, spanStart, spanEnd),
    TraceId: optionalHex(r, traceStart, traceEnd),
  });
  return undefined;
}

function readPackedFixed64(r: Reader, into: bigint[]): void {
  const end = r.lenEnd();
  if ((end - r.pos) % 8 !== 0) r.fail(`packed fixed64 field of ${end - r.pos} bytes (not a multiple of 8)`);
  while (r.pos < end) into.push(r.fixed64Big());
}

function readPackedDouble(r: Reader, into: number[]): void {
  const end = r.lenEnd();
  if ((end - r.pos) % 8 !== 0) r.fail(`packed double field of ${end - r.pos} bytes (not a multiple of 8)`);
  while (r.pos < end) into.push(r.double());
}

function refused(problem: string | undefined, out: Outcome): boolean {
  if (problem === undefined) return false;
  out.reject(`data point with ${problem}`);
  return true;
}
