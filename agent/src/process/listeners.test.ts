import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeProc, fakeProc } from "./fixtures/fake-proc.ts";
import { ListeningPorts, listeningPorts, parseListeningSockets } from "./listeners.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("parseListeningSockets", () => {
  it("keeps only listening sockets (state 0A) with their port and inode", () => {
    expect(parseListeningSockets(fixture("net-tcp.txt"))).toEqual([
      { port: 4241, inode: "9531" },
      { port: 4243, inode: "9529" },
      { port: 4242, inode: "9528" },
      { port: 2024, inode: "1079" },
    ]);
    expect(parseListeningSockets(fixture("net-tcp6.txt"))).toEqual([{ port: 60201, inode: "75434" }]);
    expect(parseListeningSockets("header\n garbage line\n")).toEqual([]);
  });
});

describe("listeningPorts", () => {
  let proc: FakeProc;
  beforeEach(() => {
    proc = fakeProc();
    proc.write("net/tcp", fixture("net-tcp.txt"));
    proc.write("net/tcp6", fixture("net-tcp6.txt"));
  });
  afterEach(() => proc.cleanup());

  it("maps each listening port to the process holding its socket", () => {
    proc.add({
      pid: 300,
      comm: "api",
      fds: { 0: "/dev/null", 1: "pipe:[77]", 5: "socket:[9528]", 6: "socket:[18281]" },
    });
    proc.add({ pid: 301, comm: "py", fds: { 3: "socket:[75434]", 4: "socket:[9531]" } });
    expect(listeningPorts(proc.root)).toEqual(
      new Map([
        [4242, 300],
        [60201, 301],
        [4241, 301],
      ]),
    );
  });

  it("gives a shared socket to the lowest pid, but to systemd (pid 1) only when nobody else holds it", () => {
    proc.add({ pid: 1, comm: "systemd", fds: { 40: "socket:[9528]", 41: "socket:[1079]" } });
    proc.add({ pid: 820, comm: "nginx", fds: { 6: "socket:[9528]" } });
    proc.add({ pid: 500, comm: "nginx", fds: { 6: "socket:[9528]" } });
    expect(listeningPorts(proc.root)).toEqual(
      new Map([
        [4242, 500],
        [2024, 1],
      ]),
    );
  });

  it("with no listeners reads no process", () => {
    proc.write("net/tcp", fixture("net-tcp.txt").split("\n")[0]!);
    proc.write("net/tcp6", "");
    proc.add({ pid: 300, comm: "api", fds: { 5: "socket:[9528]" } });
    expect(listeningPorts(proc.root)).toEqual(new Map());
  });

  it("on repeated reads follows an owner that lets go, and finds new listeners", () => {
    const ports = new ListeningPorts(proc.root);
    proc.add({ pid: 300, comm: "old", fds: { 5: "socket:[9528]" } });
    expect(ports.read()).toEqual(new Map([[4242, 300]]));
    // A graceful restart: the socket moves to a new process and the old one closes it.
    proc.add({ pid: 400, comm: "new", fds: { 9: "socket:[9528]", 10: "socket:[1079]" } });
    proc.add({ pid: 300, comm: "old", fds: { 5: "socket:[12]" } });
    expect(ports.read()).toEqual(
      new Map([
        [4242, 400],
        [2024, 400],
      ]),
    );
    proc.remove(400);
    expect(ports.read()).toEqual(new Map());
  });
});
