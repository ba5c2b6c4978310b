// The OTLP/HTTP receiver (:4318): POST /v1/traces, /v1/logs, /v1/metrics in protobuf or JSON,
// gzip or identity. Cheap checks (key, media type, declared size, queue room) run before the
// body is read; the body then holds budget as it arrives and inflates; the answer is sent only
// once the rows are stored (see ingest/pipeline.ts).
import type { Readable } from "node:stream";
import { exportResponseJson, exportResponseProto, GrpcCode, statusJson, statusProto } from "@tracelight/otlp-encode";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type Readiness, registerHealthRoutes } from "../health.ts";
import { IngestError } from "../ingest/errors.ts";
import type { IngestKeys } from "../ingest/keys.ts";
import type { Admission, IngestPipeline } from "../ingest/pipeline.ts";
import { type Encoding, SIGNAL_SPECS, SIGNALS } from "../ingest/signals.ts";
import { log } from "../log.ts";
import { INGEST_STATUS } from "../otlp-status.ts";
import { type ServerTimeouts, timeoutOptions } from "../server-timeouts.ts";
import { type ContentCoding, contentCodingOf, decodeContent, encodingOf, readBody } from "./media.ts";

export interface OtlpHttpOptions {
  pipeline: IngestPipeline;
  keys: IngestKeys;
  maxBodyBytes: number;
  readiness: Readiness;
  timeouts: ServerTimeouts;
}

interface RequestState {
  encoding: Encoding;
  coding: ContentCoding;
  /** Memory reserved at admission; handed to the pipeline by the handler. */
  admission: Admission | undefined;
}

const CONTENT_TYPES: Readonly<Record<Encoding, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/**
 * Sends a body under exactly its encoding's Content-Type. JSON goes as bytes: Fastify would
 * append "; charset=utf-8" to a string, and the Collector's otlphttp exporter compares the
 * type exactly (on a mismatch it ignores the partial success).
 */
function sendAs(reply: FastifyReply, encoding: Encoding, body: Buffer | string) {
  return reply.type(CONTENT_TYPES[encoding]).send(typeof body === "string" ? Buffer.from(body) : body);
}

/** Error bodies are google.rpc.Status, in protobuf for protobuf requests and JSON otherwise. */
function sendStatus(reply: FastifyReply, http: number, grpc: number, message: string, encoding: Encoding | undefined) {
  reply.code(http);
  if (encoding === "protobuf") return sendAs(reply, "protobuf", statusProto(grpc, message));
  return sendAs(reply, "json", statusJson(grpc, message));
}

function sendIngestError(reply: FastifyReply, error: IngestError, encoding: Encoding | undefined) {
  const status = INGEST_STATUS[error.kind];
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  if (error.kind === "unauthenticated") reply.header("www-authenticate", 'Bearer realm="tracelight-ingest"');
  return sendStatus(reply, status.http, status.grpc, error.message, encoding);
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function buildOtlpHttpServer(options: OtlpHttpOptions): FastifyInstance {
  const { pipeline, keys, maxBodyBytes } = options;
  // No bodyLimit: the body parser below enforces maxBodyBytes as the bytes arrive.
  const app = Fastify({ logger: false, return503OnClosing: true, ...timeoutOptions(options.timeouts) });
  const states = new WeakMap<FastifyRequest, RequestState>();
  const encodingOfRequest = (request: FastifyRequest): Encoding | undefined => {
    const known = states.get(request)?.encoding;
    if (known) return known;
    try {
      return encodingOf(header(request, "content-type"));
    } catch {
      return undefined;
    }
  };

  // Every body arrives as raw bytes; the route decides what they mean. It is read here, chunk
  // by chunk, holding in the ingest budget only what has arrived (not what was declared), so
  // clients that declare much and send slowly cannot fill the budget, and counted against its
  // client's share while it arrives (ingest/receive-shares.ts); then it is inflated, holding the
  // inflated bytes too.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", async (request: FastifyRequest, payload: Readable) => {
    const state = states.get(request);
    const admission = state?.admission;
    // Not an OTLP route (a 404): its body is not read, Node discards it after the answer.
    if (state === undefined || admission === undefined) return undefined;
    const hold = (bytes: number) => pipeline.hold(admission, bytes);
    let raw: Buffer;
    try {
      raw = await readBody(payload, maxBodyBytes, hold);
    } finally {
      pipeline.received(admission);
    }
    const body = await decodeContent(raw, state.coding, maxBodyBytes, hold);
    hold(body.length);
    return body;
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const encoding = encodingOfRequest(request);
    if (error instanceof IngestError) return sendIngestError(reply, error, encoding);
    // The client went away mid-body: nobody is left to answer, and it is not our failure.
    if (request.raw.destroyed) return reply.code(400).send();
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendStatus(reply, status, GrpcCode.INVALID_ARGUMENT, error.message, encoding);
    log.error("otlp/http request failed", { method: request.method, url: request.url, error });
    return sendStatus(reply, 500, GrpcCode.INTERNAL, "internal error", encoding);
  });

  app.setNotFoundHandler((request, reply) =>
    sendStatus(
      reply,
      404,
      GrpcCode.INVALID_ARGUMENT,
      `no route ${request.method} ${request.url.split("?")[0]}; OTLP/HTTP accepts POST /v1/traces, /v1/logs, /v1/metrics`,
      encodingOfRequest(request),
    ),
  );

  registerHealthRoutes(app, options.readiness);

  app.register(async (otlp) => {
    otlp.addHook("onRequest", async (request) => {
      await keys.check(header(request, "authorization"), header(request, "x-tracelight-key"));
      const encoding = encodingOf(header(request, "content-type"));
      states.set(request, { encoding, coding: "identity", admission: undefined });
      const coding = contentCodingOf(header(request, "content-encoding"));
      const declared = Number(header(request, "content-length") ?? 0);
      if (declared > maxBodyBytes) {
        throw new IngestError(
          "too_large",
          `request body too large: Content-Length ${declared} exceeds ${maxBodyBytes} bytes (TRACELIGHT_MAX_BODY_BYTES)`,
        );
      }
      const shape = `${request.routeOptions.url}/${encoding}/${coding}`;
      const client = request.socket.remoteAddress ?? "unknown";
      const admission = pipeline.admit(shape, Number.isFinite(declared) ? declared : 0, 0, client);
      states.set(request, { encoding, coding, admission });
    });
    const release = async (request: FastifyRequest) => {
      const admission = states.get(request)?.admission;
      if (admission === undefined) return;
      pipeline.received(admission);
      admission.reservation.release();
    };
    otlp.addHook("onResponse", release);
    otlp.addHook("onRequestAbort", release);

    for (const signal of SIGNALS) {
      const spec = SIGNAL_SPECS[signal];
      otlp.post(`/v1/${signal}`, async (request, reply) => {
        const state = states.get(request) as RequestState;
        const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
        const admission = state.admission;
        state.admission = undefined; // the pipeline owns it now
        const result = await pipeline.ingest(signal, body, state.encoding, admission);
        reply.code(200);
        return sendAs(
          reply,
          state.encoding,
          state.encoding === "protobuf" ? exportResponseProto(result) : exportResponseJson(result, spec),
        );
      });
    }
  });

  return app;
}
