// The OTLP/gRPC receiver (:4317): the Trace, Logs and Metrics collector services. Messages stay
// raw Buffers (identity (de)serializers) so our own decoder runs; grpc-js handles gzip and
// enforces the size limit on the decompressed message (RESOURCE_EXHAUSTED).
import * as grpc from "@grpc/grpc-js";
import { exportResponseProto, GrpcCode, retryInfoAny, statusProto } from "@tracelight/otlp-encode";
import { IngestError } from "../ingest/errors.ts";
import type { IngestKeys } from "../ingest/keys.ts";
import type { IngestPipeline } from "../ingest/pipeline.ts";
import { SIGNAL_SPECS, SIGNALS, type Signal } from "../ingest/signals.ts";
import { log } from "../log.ts";
import { INGEST_STATUS } from "../otlp-status.ts";
import type { ServerTimeouts } from "../server-timeouts.ts";

export interface OtlpGrpcOptions {
  host: string;
  port: number;
  pipeline: IngestPipeline;
  keys: IngestKeys;
  maxBodyBytes: number;
  timeouts: ServerTimeouts;
}

export interface RunningGrpcServer {
  /** The bound port (useful when asked for port 0). */
  port: number;
  /** Stops accepting calls, lets in-flight ones finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

const identity = (buffer: Buffer): Buffer => buffer;

function exportMethod(signal: Signal): grpc.ServiceDefinition {
  return {
    Export: {
      path: `/${SIGNAL_SPECS[signal].grpcService}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

const firstString = (metadata: grpc.Metadata, key: string): string | undefined => {
  const value = metadata.get(key)[0];
  return typeof value === "string" ? value : value?.toString("utf8");
};

function toServiceError(error: unknown): Partial<grpc.StatusObject> {
  if (error instanceof IngestError) {
    const code = INGEST_STATUS[error.kind].grpc;
    const metadata = new grpc.Metadata();
    if (error.retryAfterSeconds !== undefined) {
      // OTLP clients retry UNAVAILABLE; RetryInfo tells them when.
      metadata.set(
        "grpc-status-details-bin",
        statusProto(code, error.message, [retryInfoAny(error.retryAfterSeconds)]),
      );
    }
    return { code, details: error.message, metadata };
  }
  log.error("otlp/grpc export failed", { error });
  return { code: GrpcCode.INTERNAL, details: "internal error" };
}

export async function startOtlpGrpcServer(options: OtlpGrpcOptions): Promise<RunningGrpcServer> {
  const { pipeline, keys, timeouts } = options;
  const server = new grpc.Server({
    // TRACELIGHT_MAX_BODY_BYTES bounds a message twice in grpc-js (1.14): its compressed frame
    // as it arrives, and its inflation, which stops once the output passes the limit
    // (RESOURCE_EXHAUSTED) — a gzip bomb costs at most the limit plus one zlib chunk, never its
    // inflated size (test: otlp-grpc.chdb.test.ts, 256 MiB of zeros in 255 KB: +0.5 MiB RSS).
    "grpc.max_receive_message_length": options.maxBodyBytes,
    // grpc-js holds a message whole before the handler can count it against the ingest budget:
    // at most this many at once per connection (an exporter's usual 10 consumers fit).
    "grpc.max_concurrent_streams": 16,
    // A connection without calls is closed after the idle limit; one whose peer stopped
    // answering pings, soon after; and any connection after a bounded age (its calls get the
    // request timeout to finish), so a trickled message cannot hold a connection for ever.
    "grpc.max_connection_idle_ms": timeouts.idleMs,
    "grpc.keepalive_time_ms": timeouts.requestMs,
    "grpc.keepalive_timeout_ms": timeouts.headersMs,
    "grpc.max_connection_age_ms": 10 * timeouts.requestMs,
    "grpc.max_connection_age_grace_ms": timeouts.requestMs,
  });

  for (const signal of SIGNALS) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const run = async () => {
        await keys.check(firstString(call.metadata, "authorization"), firstString(call.metadata, "x-tracelight-key"));
        // Refuse before decoding when the queue is already full.
        const admission = pipeline.admit(`${signal}/grpc`, call.request.length);
        const result = await pipeline.ingest(signal, call.request, "protobuf", admission);
        return exportResponseProto(result);
      };
      run().then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
    };
    server.addService(exportMethod(signal), { Export: handler });
  }

  const address = options.host.includes(":") ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

  return {
    port,
    close(graceMs = 10_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
