import { describe, expect, it } from "vitest";
import { startChildServer } from "./child-server.ts";
import { freePort } from "./http-receiver.ts";

/** node's arguments for a server answering `status` on `port` (after `delayMs`). */
const serve = (port: number, status: number, delayMs = 0) => [
  "-e",
  `setTimeout(() => require("node:http").createServer((q, s) => s.writeHead(${status}).end("hi")).listen(${port}, "127.0.0.1"), ${delayMs}); console.log("starting")`,
];

describe("startChildServer", () => {
  it("waits until its URL answers, and stop() ends the process", async () => {
    const port = await freePort();
    const server = await startChildServer({
      name: "echo",
      args: serve(port, 200, 300),
      readyUrl: `http://127.0.0.1:${port}/x`,
    });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(server.url)).text()).toBe("hi");
    expect(server.output()).toContain("starting");
    await server.stop();
    expect(() => process.kill(server.pid, 0)).toThrow();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("is refused when its port is already taken, before starting anything", async () => {
    const port = await freePort();
    const first = await startChildServer({
      name: "first",
      args: serve(port, 200),
      readyUrl: `http://127.0.0.1:${port}`,
    });
    try {
      await expect(
        startChildServer({ name: "second", args: serve(port, 200), readyUrl: `http://127.0.0.1:${port}` }),
      ).rejects.toThrow(`second: port ${port} is already in use`);
    } finally {
      await first.stop();
    }
  });

  it("fails with its output when it exits, or answers only 5xx until the deadline", async () => {
    const crash = ["-e", 'console.error("no config"); process.exit(3)'];
    await expect(
      startChildServer({ name: "crash", args: crash, readyUrl: `http://127.0.0.1:${await freePort()}` }),
    ).rejects.toThrow(/crash exited \(3\) at .*\n.*no config/);
    const port = await freePort();
    await expect(
      startChildServer({
        name: "broken",
        args: serve(port, 503),
        readyUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 1_000,
      }),
    ).rejects.toThrow("broken did not answer in 1000 ms");
  });
});
