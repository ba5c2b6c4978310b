import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeProc, fakeProc } from "./fixtures/fake-proc.ts";
import { parseStatusIds, readProcessIdentity } from "./identity.ts";

const CONTAINER = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
const users = (uid: number) => ({ 0: "root", 1000: "deploy" })[uid];

let proc: FakeProc;
beforeEach(() => {
  proc = fakeProc();
});
afterEach(() => proc.cleanup());

const identify = (pid: number, overrides: { match: string; service: string }[] = []) =>
  readProcessIdentity(pid, { procRoot: proc.root, overrides, hostName: "box-1", userName: users });

describe("readProcessIdentity", () => {
  it("builds the resource of a node service in a container", () => {
    proc.add({
      pid: 4242,
      ppid: 4200,
      comm: "node",
      argv: ["node", "--enable-source-maps", "/srv/checkout/index.js"],
      exe: "/usr/local/bin/node",
      cwd: "/srv/checkout",
      uid: 1000,
      cgroup: readFileSync(new URL("fixtures/cgroup-k8s-containerd.txt", import.meta.url), "utf8"),
    });
    expect(identify(4242)).toEqual({
      pid: 4242,
      serviceName: "checkout",
      serviceNameSource: "cmdline",
      resource: {
        "service.name": "checkout",
        "process.pid": 4242,
        "process.parent_pid": 4200,
        "process.executable.name": "node",
        "process.executable.path": "/usr/local/bin/node",
        "process.command": "node",
        "process.command_line": "node --enable-source-maps /srv/checkout/index.js",
        "process.owner": "deploy",
        "container.id": CONTAINER,
        "host.name": "box-1",
      },
      role: { kind: "agent" },
    });
  });

  it("rule 1: a configured override, by comm, executable name or command-line regex", () => {
    proc.add({ pid: 10, comm: "python3", argv: ["python3", "-m", "reports"], exe: "/usr/bin/python3.11" });
    expect(identify(10, [{ match: "python3", service: "by-comm" }])).toMatchObject({
      serviceName: "by-comm",
      serviceNameSource: "config",
    });
    expect(identify(10, [{ match: "python3.11", service: "by-exe" }])?.serviceName).toBe("by-exe");
    expect(identify(10, [{ match: "/-m rep/", service: "by-regex" }])?.serviceName).toBe("by-regex");
  });

  it("rule 2: OTEL_SERVICE_NAME from the process's environment", () => {
    proc.add({ pid: 11, comm: "node", argv: ["node", "a.js"], env: { OTEL_SERVICE_NAME: "cart", HOME: "/" } });
    expect(identify(11)).toMatchObject({ serviceName: "cart", serviceNameSource: "env OTEL_SERVICE_NAME" });
  });

  it("rule 3: service.name in OTEL_RESOURCE_ATTRIBUTES, whose other attributes join the resource", () => {
    proc.add({
      pid: 12,
      comm: "node",
      argv: ["node", "a.js"],
      env: { OTEL_RESOURCE_ATTRIBUTES: "service.name=ledger,deployment.environment=prod,process.pid=1" },
    });
    const identity = identify(12);
    expect(identity).toMatchObject({ serviceName: "ledger", serviceNameSource: "env OTEL_RESOURCE_ATTRIBUTES" });
    // The agent's own facts win over what the environment claims.
    expect(identity?.resource).toMatchObject({ "deployment.environment": "prod", "process.pid": 12 });
  });

  it("rule 4: the interpreted program", () => {
    proc.add({ pid: 13, comm: "java", argv: ["java", "-jar", "orders-1.2.jar"], exe: "/usr/lib/jvm/bin/java" });
    expect(identify(13)).toMatchObject({ serviceName: "orders", serviceNameSource: "cmdline" });
  });

  it("rule 4 resolves a relative script against the process's working directory", () => {
    proc.add({ pid: 14, comm: "node", argv: ["node", "index.js"], exe: "/usr/bin/node", cwd: "/opt/inventory" });
    expect(identify(14)?.serviceName).toBe("inventory");
  });

  it("rule 5: the executable's name, also when the file was replaced under the process", () => {
    proc.add({ pid: 15, comm: "nginx", argv: ["nginx: master process"], exe: "/usr/sbin/nginx (deleted)" });
    expect(identify(15)).toMatchObject({ serviceName: "nginx", serviceNameSource: "exe" });
    expect(identify(15)?.resource["process.executable.path"]).toBe("/usr/sbin/nginx");
  });

  it("rule 6: the comm, for a kernel thread or a program run from memory", () => {
    proc.add({ pid: 16, comm: "kworker/0:1", kernelThread: true });
    expect(identify(16)).toMatchObject({ serviceName: "kworker/0:1", serviceNameSource: "comm" });
    expect(identify(16)?.resource).toEqual({
      "service.name": "kworker/0:1",
      "process.pid": 16,
      "process.parent_pid": 1,
      "process.executable.name": "kworker/0:1",
      "process.owner": "root",
      "host.name": "box-1",
    });
    proc.add({ pid: 17, comm: "agent", argv: ["agent"], exe: "/memfd:sealed (deleted)" });
    expect(identify(17)).toMatchObject({ serviceName: "agent", serviceNameSource: "comm" });
  });

  it("skips an unreadable environment quietly (another user's process when not root)", () => {
    proc.add({ pid: 18, comm: "node", argv: ["node", "billing.js"], env: { OTEL_SERVICE_NAME: "hidden" } });
    rmSync(join(proc.root, "18", "environ"));
    expect(identify(18)).toMatchObject({ serviceName: "billing", serviceNameSource: "cmdline" });
  });

  it("shows an unknown user's uid as the owner and cuts long command lines", () => {
    proc.add({ pid: 19, comm: "worker", argv: ["worker", "x".repeat(600)], uid: 4321 });
    const resource = identify(19)?.resource;
    expect(resource?.["process.owner"]).toBe("4321");
    expect(String(resource?.["process.command_line"])).toHaveLength(512);
  });

  it("is undefined for a process that is gone", () => {
    expect(identify(99)).toBeUndefined();
  });
});

describe("parseStatusIds", () => {
  it("reads the real uid and the parent pid", () => {
    expect(parseStatusIds("Name:\tsh\nPPid:\t7\nUid:\t1000\t0\t0\t0\n")).toEqual({ uid: 1000, ppid: 7 });
    expect(parseStatusIds("garbage")).toEqual({});
  });
});
