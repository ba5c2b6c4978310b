// The application of `npm run bench:agent`: a plain Node HTTP/1.1 server with no instrumentation
// (keep-alive, one tiny JSON answer), as an agent-free service would be. Plain JavaScript so that
// nothing but Node itself runs in it. Talks to the benchmark over the IPC channel only (not
// TCP, so the probes do not see it): says {port} once it listens, answers {count} on request.
import http from "node:http";

const body = Buffer.from(JSON.stringify({ ok: true, service: "bench-agent-app" }));
let served = 0;

const server = http.createServer((_req, res) => {
  served++;
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
// wrk keeps its connections for the whole round.
server.keepAliveTimeout = 120_000;

process.on("message", (message) => {
  if (message?.type === "count") process.send?.({ type: "count", served });
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => process.send?.({ type: "ready", port: server.address().port }));
