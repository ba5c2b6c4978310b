// Every store query a request makes carries the request's class (its engine time limit, its
// chDB sessions) and is cancelled in the engine when the client goes away before its answer.
import { type QueryClass, withQueryOptions } from "@tracelight/store";
import type { FastifyInstance } from "fastify";

/** Routes that read one known thing; every other route searches. */
const LOOKUPS = new Set(["/api/v1/traces/:traceId"]);

export function queryClassOf(route: string | undefined): QueryClass {
  return route !== undefined && LOOKUPS.has(route) ? "lookup" : "search";
}

export function scopeQueriesToRequests(app: FastifyInstance): void {
  // preHandler runs after the body is read, and Fastify calls the handler from `done`, so the
  // handler's queries run inside the scope.
  app.addHook("preHandler", (request, reply, done) => {
    const left = new AbortController();
    reply.raw.once("close", () => {
      // A 4xx to a socket that is gone: nothing sent, nothing logged as a failure.
      if (!reply.raw.writableFinished)
        left.abort(Object.assign(new Error("client closed the request"), { statusCode: 499 }));
    });
    withQueryOptions({ class: queryClassOf(request.routeOptions.url), signal: left.signal }, done);
  });
}
