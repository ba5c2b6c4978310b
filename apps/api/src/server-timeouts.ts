// Time limits on HTTP clients, so a connection that sends slowly or nothing cannot hold a socket,
// a request slot or memory for ever (slowloris, idle keep-alive, a body trickled byte by byte).
import type { Server } from "node:http";
import type { FastifyHttpOptions } from "fastify";

export interface ServerTimeouts {
  /** From connecting to the end of the request's headers. */
  headersMs: number;
  /** From connecting to the end of the request's body. */
  requestMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
  /** A socket with no bytes either way; 0 for none (the query API's live tail can be quiet for long). */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 60_000,
  keepAliveMs: 5_000,
  idleMs: 120_000,
};

/** Fastify options that apply `t` to its Node HTTP server. */
export function timeoutOptions(t: ServerTimeouts): FastifyHttpOptions<Server> {
  return {
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    http: {
      headersTimeout: t.headersMs,
      // Node checks the headers and request timeouts on this interval (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, t.headersMs),
    },
  };
}
