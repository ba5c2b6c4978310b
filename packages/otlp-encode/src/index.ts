// OTLP encodings the SDK serializers lack: export requests with exemplars (which
// @opentelemetry/otlp-transformer drops) and the receivers' export responses. Pure: data in, bytes out.
export {
  type Exemplar,
  type ExemplarsFor,
  type MetricDataPoint,
  serializeMetricsJsonWithExemplars,
} from "./metrics-json.ts";
export {
  type ExportOutcome,
  exportResponseJson,
  exportResponseProto,
  GrpcCode,
  retryInfoAny,
  statusJson,
  statusProto,
} from "./otlp-response.ts";
