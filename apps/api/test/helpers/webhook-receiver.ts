// A local webhook receiver for notification tests: records every delivery, and can fail the
// first few to exercise retries.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Received {
  path: string;
  body: Record<string, unknown>;
}

/** A webhook receiver: answers 500 to the first `failFirst` requests, then 200. */
export async function startReceiver(
  failFirst: number,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let failures = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let data = "";
    req.on("data", (chunk) => {
      data += chunk;
    });
    req.on("end", () => {
      if (failures < failFirst) {
        failures++;
        res.writeHead(500).end("receiver down");
        return;
      }
      received.push({ path: req.url ?? "", body: JSON.parse(data) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
