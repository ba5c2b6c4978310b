// The agent's ResourceMetrics → the SDK's ResourceMetrics → one OTLP/JSON
// ExportMetricsServiceRequest with the histograms' exemplars (the body of POST /v1/metrics).
// JSON rather than protobuf because only @tracelight/otlp-encode's JSON path writes exemplars.
import { ValueType } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics as SdkResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { type Exemplar, type MetricDataPoint, serializeMetricsJsonWithExemplars } from "@tracelight/otlp-encode";
import type { Metric, NumberPoint, ResourceMetrics } from "../telemetry/model.ts";
import { nanosToHrTime } from "./hr-time.ts";
import { ResourceCache } from "./resources.ts";

const TEMPORALITY = {
  cumulative: AggregationTemporality.CUMULATIVE,
  delta: AggregationTemporality.DELTA,
} as const;

export interface SdkMetrics {
  resourceMetrics: SdkResourceMetrics[];
  /** The exemplars of each SDK histogram data point built here (looked up by identity). */
  exemplars: ReadonlyMap<MetricDataPoint, readonly Exemplar[]>;
}

function numberPoints(points: readonly NumberPoint[]) {
  return points.map((p) => ({
    startTime: nanosToHrTime(p.startTimeUnixNano),
    endTime: nanosToHrTime(p.timeUnixNano),
    attributes: p.attributes,
    value: p.value,
  }));
}

function toMetricData(metric: Metric, exemplars: Map<MetricDataPoint, readonly Exemplar[]>): MetricData {
  const descriptor = {
    name: metric.name,
    description: metric.description,
    unit: metric.unit,
    valueType: ValueType.DOUBLE,
  };
  switch (metric.type) {
    case "gauge":
      return {
        descriptor,
        // Gauges have no temporality in OTLP; the SDK type wants one and the encoder ignores it.
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: numberPoints(metric.points),
      };
    case "sum":
      return {
        descriptor,
        aggregationTemporality: TEMPORALITY[metric.temporality],
        dataPointType: DataPointType.SUM,
        isMonotonic: metric.monotonic,
        dataPoints: numberPoints(metric.points),
      };
    case "histogram":
      return {
        descriptor,
        aggregationTemporality: TEMPORALITY[metric.temporality],
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: metric.points.map((p) => {
          const point = {
            startTime: nanosToHrTime(p.startTimeUnixNano),
            endTime: nanosToHrTime(p.timeUnixNano),
            attributes: p.attributes,
            value: {
              buckets: { boundaries: [...p.bounds], counts: [...p.counts] },
              count: p.count,
              sum: p.sum,
              min: p.min,
              max: p.max,
            },
          };
          if (p.exemplars.length > 0) exemplars.set(point, p.exemplars);
          return point;
        }),
      };
  }
}

/** One SDK ResourceMetrics per batch (same resource attributes share one Resource object). */
export function toSdkMetrics(batches: readonly ResourceMetrics[], scope: InstrumentationScope): SdkMetrics {
  const resources = new ResourceCache();
  const exemplars = new Map<MetricDataPoint, readonly Exemplar[]>();
  const resourceMetrics = batches.map((batch) => ({
    resource: resources.get(batch.resource),
    scopeMetrics: [{ scope, metrics: batch.metrics.map((m) => toMetricData(m, exemplars)) }],
  }));
  return { resourceMetrics, exemplars };
}

/** The OTLP/JSON ExportMetricsServiceRequest for `batches`, exemplars included. */
export function encodeMetrics(batches: readonly ResourceMetrics[], scope: InstrumentationScope): string {
  const { resourceMetrics, exemplars } = toSdkMetrics(batches, scope);
  return serializeMetricsJsonWithExemplars(resourceMetrics, (_metric, point) => exemplars.get(point));
}

/** Data points in `batches` (the unit of the metric counters in the exporter's stats). */
export function countPoints(batches: readonly ResourceMetrics[]): number {
  let n = 0;
  for (const batch of batches) for (const metric of batch.metrics) n += metric.points.length;
  return n;
}
