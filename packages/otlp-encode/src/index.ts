// OTLP export-request encoding with exemplars, which @opentelemetry/otlp-transformer's
// serializers drop. Pure: SDK metric data in, request body out.
export {
  type Exemplar,
  type ExemplarsFor,
  type MetricDataPoint,
  serializeMetricsJsonWithExemplars,
} from "./metrics-json.ts";
