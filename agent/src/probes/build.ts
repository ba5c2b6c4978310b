// Builds the loader and the BPF programs (`make -C bpf`: quick when nothing changed). On a fresh
// machine as root, the build tools are installed first (scripts/setup-system.sh bpf).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface BuildResult {
  ok: boolean;
  /** Why it failed, for the "probes off" message. */
  reason?: string;
}

const hasCommand = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;

export function buildProbes(repoRoot: string, log: (line: string) => void): BuildResult {
  const tools = ["make", "clang", "bpftool"];
  if (!tools.every(hasCommand)) {
    if (process.getuid?.() !== 0)
      return {
        ok: false,
        reason: `${tools.filter((t) => !hasCommand(t)).join(", ")} missing; run as root once to install them`,
      };
    log("installing the BPF build tools (clang, llvm, libbpf-dev, bpftool, libelf-dev)…");
    const setup = spawnSync("bash", [join(repoRoot, "scripts/setup-system.sh"), "bpf"], { stdio: "inherit" });
    if (setup.status !== 0) return { ok: false, reason: "installing the BPF build tools failed (see above)" };
  }
  const make = spawnSync("make", ["-s", "-C", join(repoRoot, "bpf")], { encoding: "utf8" });
  if (make.status === 0) return { ok: true };
  const output = `${make.stdout ?? ""}${make.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n");
  return { ok: false, reason: `make -C bpf failed:\n${output}` };
}
