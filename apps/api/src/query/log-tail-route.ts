// GET /api/v1/logs/tail: opens a Server-Sent Events stream on the hub. The stream ends when
// the client disconnects or the service closes (closeLogTailOnShutdown). Without the
// ingest role in this process there are no rows to tail: 501.
import type { LogTailQuery } from "@tracelight/contracts";
import { compileLogFilters } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import { apiError, HttpError } from "./errors.ts";
import type { LogTailHub } from "./log-tail-hub.ts";

/** Registers the route on the /api/v1 plugin; `parse` validates the query string (400 on bad input). */
export function registerLogTailRoute(
  api: FastifyInstance,
  hub: LogTailHub | undefined,
  parse: (input: unknown) => LogTailQuery,
): void {
  api.get("/logs/tail", (request, reply) => {
    if (hub === undefined) {
      throw new HttpError(
        501,
        "not_implemented",
        "live tail needs the ingest role in the same process (start the api with --role ingest,query, the default runs all roles)",
      );
    }
    const filters = parse(request.query);
    // Before the stream opens, so a `q` the search language cannot read gets a plain 400.
    compileLogFilters(filters);
    if (hub.full) {
      // Before the stream opens, so the client gets a plain answer it can retry.
      return reply
        .code(503)
        .header("retry-after", "10")
        .send(apiError("unavailable", `live tail is full: ${hub.options.maxStreams} streams are open; retry later`));
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies buffer responses unless told not to.
      "x-accel-buffering": "no",
    });
    // Sent at once so clients and proxies see the stream open before the first logs.
    res.write("retry: 3000\n: connected\n\n");
    const stream = hub.open(filters, res);
    if (stream === undefined) {
      res.end();
      return;
    }
    res.on("close", () => stream.close());
    // A write racing a disconnect errors the response; "close" follows and cleans up.
    res.on("error", () => stream.close());
  });
}

/** Hijacked responses keep their sockets open: end them before the server waits for its sockets. */
export function closeLogTailOnShutdown(app: FastifyInstance, hub: LogTailHub | undefined): void {
  if (hub === undefined) return;
  app.addHook("preClose", (done) => {
    hub.close();
    done();
  });
}
