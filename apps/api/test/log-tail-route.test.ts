// Live tail's route over real HTTP: a hub at its stream cap refuses the next client with a
// plain 503 and Retry-After before any stream opens, and takes one again once a client leaves;
// a search query the language cannot read is a plain 400 before any stream opens.
import { type ApiError, LogTailQuerySchema } from "@tracelight/contracts";
import Fastify from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { handleError } from "../src/query/errors.ts";
import { LogTailHub } from "../src/query/log-tail-hub.ts";
import { closeLogTailOnShutdown, registerLogTailRoute } from "../src/query/log-tail-route.ts";
import { openSse } from "./helpers/sse.ts";

const hub = new LogTailHub({ maxStreams: 2 });
const app = Fastify();
let url: string;

beforeAll(async () => {
  app.setErrorHandler(handleError);
  registerLogTailRoute(app, hub, (q) => LogTailQuerySchema.parse(q));
  closeLogTailOnShutdown(app, hub);
  url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/logs/tail`;
});
afterAll(async () => {
  await app.close();
});

it("refuses a stream past maxStreams with 503 and Retry-After, and opens one again after a client leaves", async () => {
  const first = await openSse(url);
  const second = await openSse(url);
  expect([first.status, second.status, hub.size]).toEqual([200, 200, 2]);

  const refused = await fetch(url);
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).toBe("10");
  expect(((await refused.json()) as ApiError).error).toEqual({
    code: "unavailable",
    message: "live tail is full: 2 streams are open; retry later",
  });

  first.close();
  await expect.poll(() => hub.size).toBe(1);
  const third = await openSse(url);
  expect(third.status).toBe(200);
  second.close();
  third.close();
});

it("answers a malformed search query with 400 and its position before a stream opens", async () => {
  const res = await fetch(`${url}?q=${encodeURIComponent("service:checkout (card")}`);
  expect(res.status).toBe(400);
  expect(((await res.json()) as ApiError).error).toEqual({
    code: "invalid_query",
    message: "q: expected ')', found the end of the query",
    position: { offset: 22, column: 23 },
  });
  expect(hub.size).toBe(0);
});
