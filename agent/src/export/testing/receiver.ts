// Test helpers: a real local OTLP/HTTP endpoint (node:http) that records every request, gunzips
// and decodes the bodies with @tracelight/otlp, and answers whatever the test says; plus span
// factories.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeMetrics, decodeTraces, type MetricRows, type SpanRow } from "@tracelight/otlp";
import type { AgentSpan } from "../../telemetry/model.ts";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** Bytes on the wire (compressed when content-encoding is gzip). */
  wireBytes: number;
  /** The body after gunzip. */
  body: Buffer;
  /** performance.now() when the request ended. */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Answer this much later (to outlast the exporter's timeout). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** How to answer request number `index` (default: 200 with an empty body). */
  answer: (request: ReceivedRequest, index: number) => Answer;
  /** Spans of the /v1/traces requests answered 2xx, in arrival order. */
  acceptedSpans: SpanRow[];
  /** Metric rows of the /v1/metrics requests answered 2xx. */
  acceptedMetrics: MetricRows[];
  close(): Promise<void>;
}

const encodingOf = (headers: IncomingHttpHeaders) =>
  String(headers["content-type"]).includes("json") ? ("json" as const) : ("protobuf" as const);

export async function startReceiver(port = 0): Promise<Receiver> {
  const receiver: Omit<Receiver, "url" | "port" | "close"> = {
    requests: [],
    answer: () => ({ status: 200 }),
    acceptedSpans: [],
    acceptedMetrics: [],
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const request = { path: req.url ?? "", headers: req.headers, wireBytes: raw.length, body, at: performance.now() };
      const index = receiver.requests.push(request) - 1;
      const answer = receiver.answer(request, index);
      if (answer.status >= 200 && answer.status < 300) {
        const encoding = encodingOf(req.headers);
        if (request.path === "/v1/traces") receiver.acceptedSpans.push(...decodeTraces(body, encoding).rows);
        if (request.path === "/v1/metrics") receiver.acceptedMetrics.push(decodeMetrics(body, encoding).rows);
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { "content-type": String(req.headers["content-type"]), ...answer.headers });
        res.end(answer.body ?? "");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** A port nothing listens on (it was free a moment ago): connections to it are refused. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** `n` server spans numbered from `first` (span ID = the number in hex), one resource. */
export function makeSpans(n: number, first = 1, resource = { "service.name": "svc" }): AgentSpan[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: spanIdOf(first + i),
    name: "GET /",
    kind: "server" as const,
    startTimeUnixNano: 1_767_225_600_000_000_000n + BigInt(i),
    endTimeUnixNano: 1_767_225_600_001_000_000n + BigInt(i),
    attributes: { "http.request.method": "GET" },
    status: "unset" as const,
    resource,
  }));
}

export const spanIdOf = (n: number) => n.toString(16).padStart(16, "0");
