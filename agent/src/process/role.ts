// Who reports a process's HTTP requests, so each request is counted once: the agent (spans and
// RED metrics from the kernel), the process's own OpenTelemetry SDK (the agent keeps to TCP and
// CPU metrics), or nobody because it is Tracelight itself. Browsers and shells are clients of
// other services: only what they serve is theirs.
import { type ProcessMatch, processMatch } from "./service-name.ts";

export type ProcessRole =
  | { kind: "agent" }
  | { kind: "sdk"; reason: string }
  | { kind: "self"; component: string }
  | { kind: "interactive"; program: string };

/**
 * Set on Tracelight's processes: by the root package.json's start script on the launcher, by
 * scripts/start.ts on what it starts, by the demo on its own plumbing.
 */
export const COMPONENT_ENV = "TRACELIGHT_COMPONENT";
/**
 * The service Tracelight's own processes report under, so that they sit apart from the user's
 * services; the component attribute tells them apart.
 */
export const SELF_SERVICE = "tracelight";
export const COMPONENT_ATTRIBUTE = "tracelight.component";

export interface RoleOptions {
  /** Processes whose requests their SDK reports, whatever the detection says. */
  sdkProcesses?: readonly ProcessMatch[];
  /** Processes the agent traces even though they look instrumented. */
  traceProcesses?: readonly ProcessMatch[];
  /** A process holding a connection to one of these ports exports OTLP itself. */
  otlpPorts?: ReadonlySet<number>;
  /** Trace Tracelight's own processes too (TRACELIGHT_AGENT_SELF=1). */
  traceSelf?: boolean;
}

export interface RoleFacts {
  comm: string;
  exeName: string | undefined;
  commandLine: string;
  serviceName: string;
  /** The environment the process started with (NUL-separated entries of /proc/<pid>/environ). */
  env: readonly string[];
  /** Remote ports of the process's established TCP connections; read only when needed. */
  remotePorts: () => ReadonlySet<number>;
}

// Set by people and by agents like this one to name a process, not by an exporting SDK.
const NAMING_ENV = new Set(["OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"]);
// Auto-instrumentation loaded through the runtime's options rather than OTEL_* settings.
const AGENT_OPTIONS: readonly [string, RegExp][] = [
  ["NODE_OPTIONS", /@opentelemetry\//],
  ["JAVA_TOOL_OPTIONS", /opentelemetry-javaagent/],
];
const BROWSERS =
  /^(chrome|chromium(-browse(r)?)?|headless_shell|firefox(-esr|-bin)?|GeckoMain|Web Content|msedge|brave|opera)$/;
const SHELLS = /^(sh|bash|dash|zsh|fish|ksh|mksh|tcsh|csh|ash)$/;

export function classifyProcess(facts: RoleFacts, options: RoleOptions = {}): ProcessRole {
  const env = new Map(
    facts.env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  const component = env.get(COMPONENT_ENV)?.trim();
  if (component && !options.traceSelf) return { kind: "self", component };
  if (matchesAny(options.sdkProcesses, facts)) return { kind: "sdk", reason: "configured" };
  if (matchesAny(options.traceProcesses, facts)) return { kind: "agent" };
  const program = [facts.comm, facts.exeName].find((p) => p !== undefined && (BROWSERS.test(p) || SHELLS.test(p)));
  if (program !== undefined) return { kind: "interactive", program };
  const fromEnv = sdkEnvironment(env);
  if (fromEnv !== undefined) return { kind: "sdk", reason: `env ${fromEnv}` };
  const otlpPorts = options.otlpPorts ?? new Set();
  if (otlpPorts.size > 0)
    for (const port of facts.remotePorts())
      if (otlpPorts.has(port)) return { kind: "sdk", reason: `connected to OTLP port ${port}` };
  return { kind: "agent" };
}

/** The variable that shows an SDK exports from this process, if one does. */
function sdkEnvironment(env: ReadonlyMap<string, string>): string | undefined {
  if (env.get("OTEL_SDK_DISABLED")?.toLowerCase() === "true") return undefined;
  for (const [key, value] of env) {
    if (!key.startsWith("OTEL_") || NAMING_ENV.has(key) || key.startsWith("OTEL_EBPF_")) continue;
    if (value.trim() === "" || value.trim() === "none") continue;
    return key;
  }
  for (const [key, pattern] of AGENT_OPTIONS) if (pattern.test(env.get(key) ?? "")) return key;
  return undefined;
}

/** A name matches the comm, the executable's name or the service name; a regex the command line. */
export function matchesProcess(match: ProcessMatch | string, facts: Omit<RoleFacts, "env" | "remotePorts">): boolean {
  const m = processMatch(match);
  if ("name" in m) return m.name === facts.comm || m.name === facts.exeName || m.name === facts.serviceName;
  m.commandLine.lastIndex = 0;
  return m.commandLine.test(facts.commandLine);
}

function matchesAny(matches: readonly ProcessMatch[] | undefined, facts: RoleFacts): boolean {
  return matches?.some((m) => matchesProcess(m, facts)) ?? false;
}

/** For the agent's log: what it does with such a process. */
export function describeRole(role: ProcessRole): string {
  switch (role.kind) {
    case "agent":
      return "traced by the agent";
    case "sdk":
      return `its OpenTelemetry SDK reports its requests (${role.reason}); the agent sends TCP and CPU metrics only`;
    case "self":
      return `Tracelight's own ${role.component}: not traced, process metrics under service ${SELF_SERVICE} (TRACELIGHT_AGENT_SELF=1 traces it)`;
    case "interactive":
      return `${role.program} is a browser or shell: only HTTP it serves is reported`;
  }
}
