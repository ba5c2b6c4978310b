// Who a process is: its service name, OpenTelemetry resource attributes and role (who reports
// its requests), read from /proc/<pid>/{comm,cmdline,exe,cwd,environ,cgroup,status,fd,net}.
import { hostname } from "node:os";
import { posix } from "node:path";
import type { Attributes, AttributeValue } from "../telemetry/model.ts";
import { remotePorts } from "./connections.ts";
import { containerIdFromCgroup } from "./container.ts";
import { readLink, readNulSeparated, readText } from "./proc-files.ts";
import { COMPONENT_ATTRIBUTE, classifyProcess, type ProcessRole, type RoleOptions, SELF_SERVICE } from "./role.ts";
import {
  chooseServiceName,
  type ProcessFacts,
  parseResourceAttributesEnv,
  type ServiceNameSource,
  type ServiceOverride,
} from "./service-name.ts";
import { UserNames } from "./users.ts";

export interface ProcessIdentity {
  pid: number;
  /** The naming rules' answer; Tracelight's own processes report under SELF_SERVICE all the same. */
  serviceName: string;
  serviceNameSource: ServiceNameSource;
  resource: Attributes;
  /** Mutable: the agent turns "agent" into "sdk" when it sees the process export OTLP. */
  role: ProcessRole;
}

export interface IdentityOptions {
  /** Where procfs is mounted; a fake tree in tests, the host's /proc when run in a container. */
  procRoot?: string;
  overrides?: readonly ServiceOverride[];
  /** host.name; defaults to os.hostname(). */
  hostName?: string;
  /** uid → user name for process.owner; defaults to /etc/passwd. */
  userName?: (uid: number) => string | undefined;
  roles?: RoleOptions;
}

const COMMAND_LINE_MAX = 512;
const systemUsers = new UserNames();

/** Undefined when the process is gone (or its /proc entry unreadable). */
export function readProcessIdentity(pid: number, options: IdentityOptions = {}): ProcessIdentity | undefined {
  const dir = `${options.procRoot ?? "/proc"}/${pid}`;
  const comm = readText(`${dir}/comm`)?.replace(/\n$/, "");
  if (comm === undefined) return undefined;
  const argv = readNulSeparated(`${dir}/cmdline`) ?? [];
  const exePath = executablePath(readLink(`${dir}/exe`));
  // Only the environment the process started with: a later setenv() does not show in /proc.
  // Other users' environ needs root (EACCES), which reads as "no environment" here.
  const environ = readNulSeparated(`${dir}/environ`) ?? [];
  const env = otelEnvironment(environ);
  const envAttributes =
    env.OTEL_RESOURCE_ATTRIBUTES === undefined ? undefined : parseResourceAttributesEnv(env.OTEL_RESOURCE_ATTRIBUTES);
  const facts: ProcessFacts = {
    comm,
    argv,
    exePath,
    cwd: readLink(`${dir}/cwd`),
    envServiceName: env.OTEL_SERVICE_NAME,
    envResourceAttributes: envAttributes,
  };
  const service = chooseServiceName(facts, options.overrides);
  const status = parseStatusIds(readText(`${dir}/status`) ?? "");
  const commandLine = argv.join(" ");

  // The application's own OTEL_RESOURCE_ATTRIBUTES first, so what the agent knows for sure wins.
  const resource: Record<string, AttributeValue> = { ...envAttributes };
  resource["service.name"] = service.name;
  resource["process.pid"] = pid;
  if (status.ppid !== undefined) resource["process.parent_pid"] = status.ppid;
  resource["process.executable.name"] = exePath === undefined ? comm : posix.basename(exePath);
  if (exePath !== undefined) resource["process.executable.path"] = exePath;
  if (argv[0] !== undefined) resource["process.command"] = argv[0];
  if (commandLine) resource["process.command_line"] = commandLine.slice(0, COMMAND_LINE_MAX);
  if (status.uid !== undefined) {
    const userName = options.userName ?? ((uid: number) => systemUsers.lookup(uid));
    resource["process.owner"] = userName(status.uid) ?? String(status.uid);
  }
  const containerId = containerIdFromCgroup(readText(`${dir}/cgroup`) ?? "");
  if (containerId !== undefined) resource["container.id"] = containerId;
  resource["host.name"] = options.hostName ?? hostname();
  const role = classifyProcess(
    {
      comm,
      exeName: exePath === undefined ? undefined : posix.basename(exePath),
      commandLine,
      serviceName: service.name,
      env: environ,
      remotePorts: () => remotePorts(options.procRoot ?? "/proc", pid),
    },
    options.roles,
  );
  // The name stays the rules' (logs and the configuration's matchers use it); only what is
  // reported moves under Tracelight's service.
  if (role.kind === "self") {
    resource["service.name"] = SELF_SERVICE;
    resource[COMPONENT_ATTRIBUTE] = role.component;
  }
  return { pid, serviceName: service.name, serviceNameSource: service.source, resource, role };
}

/**
 * The exe link, without the " (deleted)" the kernel appends once the file is replaced (an
 * upgrade under a running process). A program run from memory (memfd_create) has no file, so
 * no path.
 */
function executablePath(link: string | undefined): string | undefined {
  if (link === undefined || link.startsWith("/memfd:")) return undefined;
  return link.replace(/ \(deleted\)$/, "");
}

function otelEnvironment(entries: readonly string[]): {
  OTEL_SERVICE_NAME?: string;
  OTEL_RESOURCE_ATTRIBUTES?: string;
} {
  const env: { OTEL_SERVICE_NAME?: string; OTEL_RESOURCE_ATTRIBUTES?: string } = {};
  for (const entry of entries) {
    if (!entry.startsWith("OTEL_")) continue;
    const eq = entry.indexOf("=");
    const key = entry.slice(0, eq);
    if (key === "OTEL_SERVICE_NAME" || key === "OTEL_RESOURCE_ATTRIBUTES") env[key] = entry.slice(eq + 1);
  }
  return env;
}

/** The real uid and the parent pid from /proc/<pid>/status. */
export function parseStatusIds(text: string): { uid?: number; ppid?: number } {
  const ids: { uid?: number; ppid?: number } = {};
  for (const line of text.split("\n")) {
    if (line.startsWith("Uid:")) ids.uid = Number(line.slice(4).trim().split(/\s+/)[0]);
    else if (line.startsWith("PPid:")) ids.ppid = Number(line.slice(5).trim());
  }
  if (!Number.isInteger(ids.uid)) delete ids.uid;
  if (!Number.isInteger(ids.ppid)) delete ids.ppid;
  return ids;
}
