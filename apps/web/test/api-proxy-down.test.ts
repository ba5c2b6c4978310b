// The /api/v1 proxy when the query API is down: a port that was just closed stands in for it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, expect, it } from "vitest";

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  process.env.TRACELIGHT_API_URL = `http://127.0.0.1:${port}`;
});

it("answers 502 with a message naming the api it could not reach", async () => {
  const { GET } = await import("../src/app/api/v1/[...path]/route.ts");
  const response = await GET(new Request("http://web.test/api/v1/services"), {
    params: Promise.resolve({ path: ["services"] }),
  });
  expect(response.status).toBe(502);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("api_unreachable");
  expect(body.error.message).toContain(process.env.TRACELIGHT_API_URL);
});
