// The telemetry of a service that runs with no OpenTelemetry SDK: the API's no-op tracer, logger
// and meter, so the same service code runs and nothing leaves the process. Only the eBPF agent,
// watching from the kernel, sees its requests.
import { metrics, trace } from "@opentelemetry/api";
import { logs } from "@opentelemetry/api-logs";
import { createInstruments } from "./instruments.ts";
import type { ServiceTelemetry } from "./setup.ts";

export function withoutSdk(serviceName: string): ServiceTelemetry {
  const meter = metrics.getMeter(serviceName);
  return {
    serviceName,
    tracer: trace.getTracer(serviceName),
    logger: logs.getLogger(serviceName),
    meter,
    ...createInstruments(meter),
    flush: async () => {},
    shutdown: async () => {},
  };
}
