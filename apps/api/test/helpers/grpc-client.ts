// A raw gRPC client for the OTLP collector services, sending bytes we choose (garbage,
// oversize, crafted) where the SDK exporters would only send well-formed requests.
import * as grpc from "@grpc/grpc-js";

const SERVICES = {
  traces: "opentelemetry.proto.collector.trace.v1.TraceService",
  logs: "opentelemetry.proto.collector.logs.v1.LogsService",
  metrics: "opentelemetry.proto.collector.metrics.v1.MetricsService",
} as const;

export interface RawCallResult {
  response?: Buffer;
  error?: grpc.ServiceError;
}

export function rawExport(
  address: string,
  signal: keyof typeof SERVICES,
  body: Uint8Array,
  metadata: Record<string, string> = {},
): Promise<RawCallResult> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    "grpc.max_send_message_length": -1,
  });
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  return new Promise<RawCallResult>((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      `/${SERVICES[signal]}/Export`,
      (b) => b,
      (b) => b,
      Buffer.from(body),
      md,
      (error, response) => {
        client.close();
        resolve(error ? { error } : { response: response ?? Buffer.alloc(0) });
      },
    );
  });
}
