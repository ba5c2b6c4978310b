// A real local HTTP endpoint (node:http) that records every request and answers as the test
// says: the one server under the test kit's OTLP receiver (otlp-receiver.ts) and webhook
// receiver (webhook-receiver.ts). A body is gunzipped only when read, so a bench's load does
// not pay for it on the core it shares with what it measures.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Bytes on the wire (compressed when content-encoding is gzip). */
  wireBytes: number;
  /** The body after gunzip. */
  readonly body: Buffer;
  /** performance.now() when the request ended. */
  at: number;
  /** The status it was answered with (0 while unanswered). */
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Answer this much later (to outlast the sender's timeout). */
  delayMs?: number;
  /** Never answer: only the sender's timeout (or close()) ends the request. */
  hang?: boolean;
}

export interface HttpReceiver {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Every request in arrival order; a bench may splice out what it has read. */
  requests: ReceivedRequest[];
  /** How to answer request number `index` (default: 200 with an empty body). */
  answer: (request: ReceivedRequest, index: number) => Answer;
  close(): Promise<void>;
}

function received(raw: Buffer, fields: Omit<ReceivedRequest, "body" | "wireBytes">): ReceivedRequest {
  let body: Buffer | undefined;
  return {
    ...fields,
    wireBytes: raw.length,
    get body() {
      body ??= fields.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      return body;
    },
  };
}

export async function startHttpReceiver(port = 0): Promise<HttpReceiver> {
  const receiver: Pick<HttpReceiver, "requests" | "answer"> = { requests: [], answer: () => ({ status: 200 }) };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = received(Buffer.concat(chunks), {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        at: performance.now(),
        status: 0,
      });
      const index = receiver.requests.push(request) - 1;
      const answer = receiver.answer(request, index);
      if (answer.hang) return;
      request.status = answer.status;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, {
          "content-type": req.headers["content-type"] ?? "application/json",
          ...answer.headers,
        });
        res.end(answer.body ?? "");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  // A sender keeps its connection between sends, however far apart a bench's rounds are.
  server.keepAliveTimeout = 120_000;
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
