// Forks one service process (service-process.ts under tsx), waits for its "ready" message, and
// stops it: ask over IPC, wait for its exit (it flushes telemetry first), kill if it hangs.
// Each process is named in its environment the OpenTelemetry way, so the eBPF agent, which
// reads /proc/<pid>/environ, tells the four apart although they share one command line.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type ChildMessage, type ParentMessage, SERVICE_CONFIG_ENV, type ServiceConfig } from "./protocol.ts";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
// The production build (scripts/build.ts) compiles the service to dist/demo-service.mjs and
// sets TRACELIGHT_BUNDLED; from source it runs under tsx, resolved here rather than by the
// child so that any working directory works.
const BUNDLED = process.env.TRACELIGHT_BUNDLED === "1";
const ENTRY = BUNDLED
  ? fileURLToPath(new URL("../../../dist/demo-service.mjs", import.meta.url))
  : fileURLToPath(new URL("./service-process.ts", import.meta.url));
const EXEC_ARGV = BUNDLED ? [] : ["--import", import.meta.resolve("tsx")];

const START_TIMEOUT_MS = 30_000;
/** Marks Tracelight's own processes (agent/src/process/role.ts); the services are not plumbing. */
const COMPONENT_ENV = "TRACELIGHT_COMPONENT";
const NAMING_ENV = new Set(["OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"]);
/** Only the demo process writes to the query API: its credentials stay with it. */
const CREDENTIAL_ENV = new Set(["TRACELIGHT_ADMIN_EMAIL", "TRACELIGHT_ADMIN_PASSWORD", "DEMO_API_TOKEN"]);

/**
 * The service's environment. One without an SDK carries no OTEL_* exporter settings either: the
 * agent reads those as a sign that the process reports its own requests.
 */
export function serviceEnv(config: ServiceConfig, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(parent)) {
    if (key === COMPONENT_ENV || NAMING_ENV.has(key) || CREDENTIAL_ENV.has(key)) continue;
    if (!config.sdk && key.startsWith("OTEL_")) continue;
    env[key] = value;
  }
  env[SERVICE_CONFIG_ENV] = JSON.stringify(config);
  env.OTEL_SERVICE_NAME = config.service;
  env.OTEL_RESOURCE_ATTRIBUTES = "service.namespace=tracelight-demo,deployment.environment.name=demo";
  if (config.sdk) env.OTEL_EXPORTER_OTLP_ENDPOINT = config.endpoint;
  return env;
}
// Room for the final span/log export and then the metric export, each up to its 10 s timeout.
const STOP_TIMEOUT_MS = 30_000;

export interface ServiceHandle {
  name: string;
  pid: number | undefined;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Resolves once the process has exited (it flushes its telemetry first). */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function spawnService(
  config: ServiceConfig,
  onMessage: (message: ChildMessage) => void,
): Promise<ServiceHandle> {
  const child = fork(ENTRY, [], {
    cwd: PACKAGE_DIR,
    execArgv: EXEC_ARGV,
    env: serviceEnv(config),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.on("message", (message: ChildMessage) => onMessage(message));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${config.service} did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.on("message", (message: ChildMessage) => {
      if (message.type !== "ready") return;
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${config.service} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    name: config.service,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    stop() {
      stopping ??= (async () => {
        const done = exited(child);
        if (child.connected) child.send({ type: "stop" } satisfies ParentMessage);
        else child.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS);
        });
        if ((await Promise.race([done, timeout])) === "timeout") {
          child.kill("SIGKILL");
          await done;
        }
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
