// A plain Node HTTP service with no instrumentation at all, for the agent's privileged tests:
// the agent must see its requests from the kernel. /checkout calls /stock on a second server
// of the same process and forwards the trace context the way an OpenTelemetry SDK would.
// Prints {"port", "stockPort"} on stdout once both servers listen.
import { randomBytes } from "node:crypto";
import http from "node:http";

const agent = new http.Agent({ keepAlive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stock = http.createServer((_req, res) => res.end("42"));

const shop = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname.startsWith("/users/")) {
    await sleep(5);
    res.end("user");
  } else if (url.pathname === "/slow") {
    await sleep(250);
    res.end("slow");
  } else if (url.pathname === "/fail") {
    res.statusCode = 500;
    res.end("boom");
  } else if (url.pathname === "/checkout") {
    const incoming = /^00-([0-9a-f]{32})-/.exec(req.headers.traceparent ?? "");
    const headers = incoming ? { traceparent: `00-${incoming[1]}-${randomBytes(8).toString("hex")}-01` } : {};
    const body = await new Promise((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: stock.address().port, path: "/stock?sku=7", agent, headers }, (r) => {
          let text = "";
          r.on("data", (c) => (text += c));
          r.on("end", () => resolve(text));
        })
        .on("error", reject);
    });
    res.end(`checked out, stock ${body}`);
  } else {
    res.statusCode = 404;
    res.end();
  }
});

stock.listen(0, "127.0.0.1", () => {
  shop.listen(0, "::", () => {
    process.stdout.write(`${JSON.stringify({ port: shop.address().port, stockPort: stock.address().port })}\n`);
  });
});
process.on("SIGTERM", () => process.exit(0));
