// The agent's configuration: environment variables read once, validated with zod, handed down
// as a typed object. Nothing else reads process.env.
import { resolve } from "node:path";
import { blankAsUnset, ConfigError, commaList, httpUrl, parseEnv } from "@tracelight/config";
import { z } from "zod";

export const PROBES = ["http", "tcp", "runqlat"] as const;
export type Probe = (typeof PROBES)[number];
/**
 * runqlat is opt-in: its hooks run on every context switch and wakeup of the machine, the
 * largest share of the probes' cost to the applications (bench:agent's BPF run time: 2.5 of
 * 5.6 µs per request at 5,000 req/s).
 */
export const DEFAULT_PROBES: readonly Probe[] = ["http", "tcp"];

/** A process matcher: a name (comm or executable basename) or a /regex/ over the command line. */
export type ProcessMatcher = { name: string } | { commandLine: RegExp };

export interface AgentConfig {
  /** OTLP/HTTP base URL without a trailing slash. */
  otlpEndpoint: string;
  /** Sent with every export (OTEL_EXPORTER_OTLP_HEADERS), e.g. an ingest key. */
  otlpHeaders: Record<string, string>;
  probes: readonly Probe[];
  /** The loader binary (bpf/build/tracelight-probes). */
  loaderPath: string;
  /** When non-empty, only these processes are traced. */
  includeProcesses: readonly ProcessMatcher[];
  excludeProcesses: readonly ProcessMatcher[];
  /** When non-empty, only HTTP on these server ports is traced. */
  includePorts: ReadonlySet<number>;
  /** Default: the OTLP endpoint's port, so the agent does not trace its own exports. */
  excludePorts: ReadonlySet<number>;
  /**
   * Tracelight's own ports (query API, OTLP, web): HTTP whose local or peer port is one of them
   * is not traced. Default: the OTLP endpoint's port; scripts/start.ts passes all of them.
   */
  selfPorts: ReadonlySet<number>;
  /** Trace Tracelight's own processes and ports too. */
  traceSelf: boolean;
  /** Connections to these ports show that a process exports OTLP itself. */
  otlpPorts: ReadonlySet<number>;
  /** Processes whose own SDK reports their requests, whatever the detection says. */
  sdkProcesses: readonly ProcessMatcher[];
  /** Processes the agent traces even when they look instrumented. */
  traceProcesses: readonly ProcessMatcher[];
  /** Share of new traces whose spans are exported (metrics always count every request). */
  sampleRatio: number;
  /** Requests at least this long keep their span whatever the sampling (errors always do). */
  slowMs: number;
  exportIntervalMs: number;
  /** Routes written like the application's router (`/users/:id`), else a heuristic names them. */
  routes: readonly string[];
  /** `match` is a process name or a /regex/ over the command line, as in ProcessMatcher. */
  serviceNames: readonly { match: string; service: string }[];
  /** Busiest processes that get process metrics even without network activity. */
  topProcesses: number;
}

/** Unset or blank: no entries. */
const list = commaList().default([]);

const EnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: blankAsUnset(httpUrl("http://127.0.0.1:4318").default("http://127.0.0.1:4318")),
  OTEL_EXPORTER_OTLP_HEADERS: list,
  TRACELIGHT_AGENT_PROBES: blankAsUnset(commaList().default([...DEFAULT_PROBES])),
  TRACELIGHT_AGENT_LOADER: blankAsUnset(z.string().optional()),
  TRACELIGHT_AGENT_INCLUDE_PROCESSES: list,
  TRACELIGHT_AGENT_EXCLUDE_PROCESSES: list,
  TRACELIGHT_AGENT_INCLUDE_PORTS: list,
  // Unset is not "none": it leaves out the OTLP endpoint's port.
  TRACELIGHT_AGENT_EXCLUDE_PORTS: blankAsUnset(commaList().optional()),
  TRACELIGHT_AGENT_SELF_PORTS: list,
  TRACELIGHT_AGENT_SELF: blankAsUnset(z.enum(["0", "1"]).default("0")),
  TRACELIGHT_AGENT_OTLP_PORTS: blankAsUnset(commaList().default(["4317", "4318"])),
  TRACELIGHT_AGENT_SDK_PROCESSES: list,
  TRACELIGHT_AGENT_TRACE_PROCESSES: list,
  TRACELIGHT_AGENT_SAMPLE_RATIO: blankAsUnset(z.coerce.number().min(0).max(1).default(1)),
  TRACELIGHT_AGENT_SLOW_MS: blankAsUnset(z.coerce.number().int().min(0).max(3_600_000).default(1000)),
  TRACELIGHT_AGENT_EXPORT_INTERVAL_S: blankAsUnset(z.coerce.number().min(1).max(3600).default(10)),
  TRACELIGHT_AGENT_ROUTES: list,
  TRACELIGHT_AGENT_SERVICE_NAMES: list,
  TRACELIGHT_AGENT_TOP_PROCESSES: blankAsUnset(z.coerce.number().int().min(0).max(1000).default(20)),
});

export { ConfigError };

function matcher(text: string, variable: string, problems: string[]): ProcessMatcher | undefined {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(text);
  if (!regex) return { name: text };
  try {
    return { commandLine: new RegExp(regex[1]!, regex[2]) };
  } catch (error) {
    problems.push(`${variable}: ${text} is not a valid regular expression (${(error as Error).message})`);
    return undefined;
  }
}

function ports(items: readonly string[], variable: string, problems: string[]): Set<number> {
  const out = new Set<number>();
  for (const item of items) {
    if (item === "none") continue;
    const port = Number(item);
    if (Number.isInteger(port) && port > 0 && port < 65536) out.add(port);
    else problems.push(`${variable}: ${item} is not a port (1-65535)`);
  }
  return out;
}

/** `k=v,k2=v2` with percent-encoded values, as the OpenTelemetry SDKs read it. */
function headers(items: readonly string[], problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) {
      problems.push(`OTEL_EXPORTER_OTLP_HEADERS: ${item} is not key=value`);
      continue;
    }
    out[item.slice(0, eq).trim()] = decodeURIComponent(item.slice(eq + 1).trim());
  }
  return out;
}

/** Parses configuration; throws ConfigError naming every invalid variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, repoRoot: string): AgentConfig {
  const e = parseEnv(EnvSchema, env);
  const problems: string[] = [];
  const probes: Probe[] = [];
  for (const name of e.TRACELIGHT_AGENT_PROBES) {
    if (name === "none") continue;
    if ((PROBES as readonly string[]).includes(name)) probes.push(name as Probe);
    else problems.push(`TRACELIGHT_AGENT_PROBES: unknown probe "${name}" (known: ${PROBES.join(", ")}, or none)`);
  }
  const matchers = (items: readonly string[], variable: string) =>
    items.flatMap((t) => matcher(t, variable, problems) ?? []);
  const serviceNames: AgentConfig["serviceNames"][number][] = [];
  for (const item of e.TRACELIGHT_AGENT_SERVICE_NAMES) {
    const eq = item.lastIndexOf("=");
    const match = item.slice(0, Math.max(0, eq)).trim();
    const service = item.slice(eq + 1).trim();
    if (eq <= 0 || match === "" || service === "")
      problems.push(`TRACELIGHT_AGENT_SERVICE_NAMES: ${item} is not process=service`);
    else if (matcher(match, "TRACELIGHT_AGENT_SERVICE_NAMES", problems)) serviceNames.push({ match, service });
  }
  const routes = e.TRACELIGHT_AGENT_ROUTES;
  for (const route of routes)
    if (!route.startsWith("/")) problems.push(`TRACELIGHT_AGENT_ROUTES: ${route} must start with /`);
  const endpoint = new URL(e.OTEL_EXPORTER_OTLP_ENDPOINT);
  const endpointPort = Number(endpoint.port || (endpoint.protocol === "https:" ? 443 : 80));
  const config: AgentConfig = {
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ""),
    otlpHeaders: headers(e.OTEL_EXPORTER_OTLP_HEADERS, problems),
    probes,
    loaderPath: resolve(e.TRACELIGHT_AGENT_LOADER ?? `${repoRoot}/bpf/build/tracelight-probes`),
    includeProcesses: matchers(e.TRACELIGHT_AGENT_INCLUDE_PROCESSES, "TRACELIGHT_AGENT_INCLUDE_PROCESSES"),
    excludeProcesses: matchers(e.TRACELIGHT_AGENT_EXCLUDE_PROCESSES, "TRACELIGHT_AGENT_EXCLUDE_PROCESSES"),
    includePorts: ports(e.TRACELIGHT_AGENT_INCLUDE_PORTS, "TRACELIGHT_AGENT_INCLUDE_PORTS", problems),
    excludePorts:
      e.TRACELIGHT_AGENT_EXCLUDE_PORTS === undefined
        ? new Set([endpointPort])
        : ports(e.TRACELIGHT_AGENT_EXCLUDE_PORTS, "TRACELIGHT_AGENT_EXCLUDE_PORTS", problems),
    selfPorts: new Set([
      endpointPort,
      ...ports(e.TRACELIGHT_AGENT_SELF_PORTS, "TRACELIGHT_AGENT_SELF_PORTS", problems),
    ]),
    traceSelf: e.TRACELIGHT_AGENT_SELF === "1",
    otlpPorts: new Set([
      endpointPort,
      ...ports(e.TRACELIGHT_AGENT_OTLP_PORTS, "TRACELIGHT_AGENT_OTLP_PORTS", problems),
    ]),
    sdkProcesses: matchers(e.TRACELIGHT_AGENT_SDK_PROCESSES, "TRACELIGHT_AGENT_SDK_PROCESSES"),
    traceProcesses: matchers(e.TRACELIGHT_AGENT_TRACE_PROCESSES, "TRACELIGHT_AGENT_TRACE_PROCESSES"),
    sampleRatio: e.TRACELIGHT_AGENT_SAMPLE_RATIO,
    slowMs: e.TRACELIGHT_AGENT_SLOW_MS,
    exportIntervalMs: e.TRACELIGHT_AGENT_EXPORT_INTERVAL_S * 1000,
    routes,
    serviceNames,
    topProcesses: e.TRACELIGHT_AGENT_TOP_PROCESSES,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
