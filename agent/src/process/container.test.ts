import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { containerIdFromCgroup } from "./container.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ID = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";

describe("containerIdFromCgroup", () => {
  it.each([
    ["docker, cgroup v1 (cgroupfs driver)", "cgroup-docker-v1.txt"],
    ["docker, systemd driver", "cgroup-docker-systemd.txt"],
    ["kubernetes + containerd, systemd driver", "cgroup-k8s-containerd.txt"],
    ["kubernetes, cgroupfs driver", "cgroup-k8s-cgroupfs.txt"],
    ["kubernetes + cri-o", "cgroup-crio.txt"],
    ["podman", "cgroup-podman.txt"],
  ])("finds the id under %s", (_, file) => {
    expect(containerIdFromCgroup(fixture(file))).toBe(ID);
  });

  it.each([
    ["a desktop session scope", "cgroup-host.txt"],
    ["this VM's init (not a container runtime's name)", "cgroup-this-vm.txt"],
    ["cri-o's conmon, which runs beside the container", "cgroup-crio-conmon.txt"],
  ])("finds none for %s", (_, file) => {
    expect(containerIdFromCgroup(fixture(file))).toBeUndefined();
  });

  it("takes the innermost container of nested ones, and ignores short or upper-case ids", () => {
    const outer = "a".repeat(64);
    expect(containerIdFromCgroup(`0::/docker/${outer}/docker/${ID}\n`)).toBe(ID);
    expect(containerIdFromCgroup(`0::/docker/${"a".repeat(63)}\n`)).toBeUndefined();
    expect(containerIdFromCgroup(`0::/docker/${ID.toUpperCase()}\n`)).toBeUndefined();
    expect(containerIdFromCgroup("garbage")).toBeUndefined();
  });
});
