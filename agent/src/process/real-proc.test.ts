// Against this machine's real /proc (Linux only): the identity of a real child process and the
// owner of a real listening socket.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessIdentities } from "./cache.ts";
import { readProcessIdentity } from "./identity.ts";
import { ListeningPorts, listeningPorts } from "./listeners.ts";

describe("real /proc", () => {
  let child: ChildProcess;
  let server: Server;

  beforeAll(async () => {
    child = spawn(process.execPath, ["-e", "console.log('ready'); setInterval(() => {}, 1000)"], {
      env: { ...process.env, OTEL_SERVICE_NAME: "checkout", OTEL_RESOURCE_ATTRIBUTES: "team=payments" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    // Until the child has exec()ed node, /proc shows the forked copy of this process.
    await once(child.stdout!, "data");
    server = createServer();
    server.listen(0);
    await once(server, "listening");
  });

  afterAll(() => {
    child.kill();
    server.close();
  });

  it("names a child by OTEL_SERVICE_NAME from its environment", () => {
    const identity = readProcessIdentity(child.pid!);
    expect(identity).toMatchObject({
      pid: child.pid,
      serviceName: "checkout",
      serviceNameSource: "env OTEL_SERVICE_NAME",
    });
    expect(identity?.resource).toMatchObject({
      "service.name": "checkout",
      "process.pid": child.pid,
      "process.parent_pid": process.pid,
      "process.executable.path": process.execPath,
      team: "payments",
    });
    expect(new ProcessIdentities().get(child.pid!)?.serviceName).toBe("checkout");
  });

  it("is undefined for a pid with no process", () => {
    expect(readProcessIdentity(2 ** 22 + 1)).toBeUndefined();
  });

  it("finds the port this process listens on", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    expect(listeningPorts().get(address.port)).toBe(process.pid);
    const ports = new ListeningPorts();
    expect(ports.read().get(address.port)).toBe(process.pid);
    expect(ports.read().get(address.port)).toBe(process.pid);
  });
});
