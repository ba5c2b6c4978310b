import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProcessIdentities } from "./cache.ts";
import { type FakeProc, fakeProc } from "./fixtures/fake-proc.ts";

let proc: FakeProc;
let clock: number;
beforeEach(() => {
  proc = fakeProc();
  clock = 0;
});
afterEach(() => proc.cleanup());

const cache = (options: { maxSize?: number; recheckMs?: number } = {}) =>
  new ProcessIdentities({ procRoot: proc.root, hostName: "h", userName: () => "u", now: () => clock, ...options });

describe("ProcessIdentities", () => {
  it("reads a process once and serves it from memory after", () => {
    const identities = cache();
    proc.add({ pid: 5, comm: "node", argv: ["node", "cart.js"], startTicks: 100 });
    const first = identities.get(5);
    expect(first?.serviceName).toBe("cart");
    proc.write("5/cmdline", "node\0changed.js\0"); // not read again: same process
    expect(identities.get(5)).toBe(first);
    clock += 5000;
    expect(identities.get(5)).toBe(first);
  });

  it("reads a reused pid afresh: another start time is another process", () => {
    const identities = cache();
    proc.add({ pid: 5, comm: "node", argv: ["node", "cart.js"], startTicks: 100 });
    expect(identities.get(5)?.serviceName).toBe("cart");
    proc.add({ pid: 5, comm: "node", argv: ["node", "search.js"], startTicks: 900 });
    clock += 1000;
    expect(identities.get(5)?.serviceName).toBe("search");
  });

  it("reads a process afresh after it exec()s another program (same start time, new comm)", () => {
    const identities = cache();
    proc.add({ pid: 6, comm: "sh", argv: ["sh", "-c", "exec java -jar pay-1.0.jar"], exe: "/bin/sh", startTicks: 7 });
    expect(identities.get(6)?.serviceName).toBe("sh");
    proc.add({ pid: 6, comm: "java", argv: ["java", "-jar", "pay-1.0.jar"], exe: "/usr/bin/java", startTicks: 7 });
    clock += 1000;
    expect(identities.get(6)?.serviceName).toBe("pay");
  });

  it("trusts an entry for recheckMs without reading stat, then checks it again", () => {
    const identities = cache({ recheckMs: 1000 });
    proc.add({ pid: 5, comm: "node", argv: ["node", "cart.js"], startTicks: 100 });
    identities.get(5);
    proc.remove(5);
    clock += 999;
    expect(identities.get(5)?.serviceName).toBe("cart");
    clock += 1;
    expect(identities.get(5)).toBeUndefined();
    expect(identities.size).toBe(0);
  });

  it("checks against a stat the caller passes instead of reading one", () => {
    const identities = cache();
    proc.add({ pid: 5, comm: "node", argv: ["node", "cart.js"], startTicks: 100 });
    const stat = {
      pid: 5,
      comm: "node",
      state: "S",
      ppid: 1,
      kernelThread: false,
      userTicks: 0,
      systemTicks: 0,
      threads: 1,
      startTicks: 100,
      virtualBytes: 0,
      residentPages: 0,
    };
    expect(identities.get(5, stat)?.serviceName).toBe("cart");
    proc.add({ pid: 5, comm: "node", argv: ["node", "search.js"], startTicks: 200 });
    expect(identities.get(5, { ...stat, startTicks: 200 })?.serviceName).toBe("search");
  });

  it("is undefined for a process that does not exist", () => {
    expect(cache().get(12345)).toBeUndefined();
  });

  it("when full, drops exited processes first, then the least recently used", () => {
    const identities = cache({ maxSize: 3 });
    for (const pid of [1, 2, 3]) proc.add({ pid, comm: `p${pid}`, startTicks: pid });
    for (const pid of [1, 2, 3]) identities.get(pid);
    proc.remove(2);
    proc.add({ pid: 4, comm: "p4", startTicks: 4 });
    identities.get(4); // over the limit: 2 has exited and goes
    expect(identities.size).toBe(3);
    clock += 1000;
    identities.get(1); // 1 is now the most recently used, 3 the least
    proc.add({ pid: 5, comm: "p5", startTicks: 5 });
    identities.get(5); // all alive (and pruned just now): the least recently used goes
    expect(identities.size).toBe(3);
    proc.add({ pid: 3, comm: "p3", argv: ["other"], startTicks: 3 });
    expect(identities.get(3)?.resource["process.command"]).toBe("other"); // 3 was dropped: read again
  });

  it("prune() forgets exited processes", () => {
    const identities = cache();
    proc.add({ pid: 1, comm: "a", startTicks: 1 });
    proc.add({ pid: 2, comm: "b", startTicks: 2 });
    identities.get(1);
    identities.get(2);
    proc.remove(1);
    identities.prune();
    expect(identities.size).toBe(1);
  });

  it("rejects an invalid override regex when built", () => {
    expect(() => new ProcessIdentities({ overrides: [{ match: "/[/", service: "x" }] })).toThrow();
  });
});
