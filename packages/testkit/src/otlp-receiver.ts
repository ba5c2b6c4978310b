// A real local OTLP/HTTP endpoint standing in for the api (the test kit's HTTP receiver): it
// records every request, answers as the test says, and decodes (@tracelight/otlp) only when
// asked.
import { decodeMetrics, decodeTraces, type MetricRows, type SpanRow } from "@tracelight/otlp";
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from "./http-receiver.ts";

export interface OtlpReceiver extends HttpReceiver {
  /** Spans of the /v1/traces requests answered 2xx, in arrival order. */
  readonly acceptedSpans: SpanRow[];
  /** Metric rows of the /v1/metrics requests answered 2xx. */
  readonly acceptedMetrics: MetricRows[];
}

const encodingOf = (request: ReceivedRequest) =>
  String(request.headers["content-type"]).includes("json") ? ("json" as const) : ("protobuf" as const);

export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const receiver = await startHttpReceiver(port);
  const accepted = (path: string) =>
    receiver.requests.filter((r) => r.path === path && r.status >= 200 && r.status < 300);
  return Object.defineProperties(receiver as OtlpReceiver, {
    acceptedSpans: {
      get: () => accepted("/v1/traces").flatMap((r) => decodeTraces(r.body, encodingOf(r)).rows),
    },
    acceptedMetrics: {
      get: () => accepted("/v1/metrics").map((r) => decodeMetrics(r.body, encodingOf(r)).rows),
    },
  });
}
