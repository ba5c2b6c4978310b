// OTLP/JSON ExportMetricsServiceRequest with exemplars: @opentelemetry/otlp-transformer's
// JsonMetricsSerializer writes everything but the exemplars (neither its protobuf nor its JSON
// encoding has them), so its output is parsed back and each data point gets the exemplars the
// caller has for it. The serializer keeps the order of resources, scopes, metrics and data
// points, so an SDK data point and its JSON form sit at the same indices.
import { JsonMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { DataPointType, type MetricData, type ResourceMetrics } from "@opentelemetry/sdk-metrics";

export interface Exemplar {
  /** Unix nanoseconds: a bigint, or a decimal string (OTLP/JSON's form of a uint64). */
  timeUnixNano: bigint | string;
  value: number;
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
}

/** opentelemetry-proto `Exemplar` in OTLP/JSON: IDs in hex (not base64), as OTLP/JSON requires. */
interface JsonExemplar {
  timeUnixNano: string;
  asDouble: number;
  traceId: string;
  spanId: string;
}

export type MetricDataPoint = MetricData["dataPoints"][number];

/**
 * The exemplars of one data point, or undefined for none. Called with the very objects of the
 * `ResourceMetrics` passed in, so a caller may look points up by identity.
 */
export type ExemplarsFor = (metric: MetricData, point: MetricDataPoint) => readonly Exemplar[] | undefined;

/** The parts of an OTLP/JSON request this module touches. */
interface JsonDataPoint {
  exemplars?: JsonExemplar[];
}
type JsonMetric = Partial<Record<JsonDataKey, { dataPoints: JsonDataPoint[] }>>;
interface JsonResourceMetrics {
  scopeMetrics: { metrics: JsonMetric[] }[];
}

type JsonDataKey = "gauge" | "sum" | "histogram" | "exponentialHistogram";
const JSON_DATA_KEY: Readonly<Record<DataPointType, JsonDataKey>> = {
  [DataPointType.GAUGE]: "gauge",
  [DataPointType.SUM]: "sum",
  [DataPointType.HISTOGRAM]: "histogram",
  [DataPointType.EXPONENTIAL_HISTOGRAM]: "exponentialHistogram",
};

const decoder = new TextDecoder();

function toJsonExemplar(e: Exemplar): JsonExemplar {
  return { timeUnixNano: String(e.timeUnixNano), asDouble: e.value, traceId: e.traceId, spanId: e.spanId };
}

function encodeResource(resourceMetrics: ResourceMetrics, exemplarsFor: ExemplarsFor): JsonResourceMetrics {
  const bytes = JsonMetricsSerializer.serializeRequest(resourceMetrics);
  if (!bytes) throw new Error("JsonMetricsSerializer produced no request");
  const request = JSON.parse(decoder.decode(bytes)) as { resourceMetrics: JsonResourceMetrics[] };
  const json = request.resourceMetrics[0];
  if (!json) throw new Error("JsonMetricsSerializer produced a request without resourceMetrics");
  resourceMetrics.scopeMetrics.forEach((scope, s) => {
    scope.metrics.forEach((metric, m) => {
      const jsonPoints = json.scopeMetrics[s]?.metrics[m]?.[JSON_DATA_KEY[metric.dataPointType]]?.dataPoints;
      if (!jsonPoints) return;
      metric.dataPoints.forEach((point: MetricDataPoint, p: number) => {
        const exemplars = exemplarsFor(metric, point);
        const jsonPoint = jsonPoints[p];
        if (!exemplars || exemplars.length === 0 || !jsonPoint) return;
        jsonPoint.exemplars = exemplars.map(toJsonExemplar);
      });
    });
  });
  return json;
}

/**
 * One OTLP/JSON ExportMetricsServiceRequest (the body of POST /v1/metrics) for every resource in
 * `resourceMetrics`, with `exemplarsFor`'s exemplars on the data points it returns them for.
 */
export function serializeMetricsJsonWithExemplars(
  resourceMetrics: readonly ResourceMetrics[],
  exemplarsFor: ExemplarsFor,
): string {
  return JSON.stringify({ resourceMetrics: resourceMetrics.map((rm) => encodeResource(rm, exemplarsFor)) });
}
