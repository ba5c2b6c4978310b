// A webhook receiver in the test process (node:http on a fixed e2e port): answers 200 and keeps
// every JSON body it was sent, for the alert specs to read.
import { createServer } from "node:http";

export interface Received {
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** The URL a channel posts to (`path` under this receiver). */
  url(path: string): string;
  /** Bodies received on `path`, oldest first. */
  received(path: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(port: number): Promise<WebhookReceiver> {
  const all: Received[] = [];
  const server = createServer((req, res) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      data += chunk;
    });
    req.on("end", () => {
      try {
        all.push({ path: req.url ?? "", body: JSON.parse(data) as Record<string, unknown> });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      } catch {
        res.writeHead(400, { "content-type": "text/plain" }).end("not JSON");
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => all.filter((r) => r.path === path),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
