// Entry of one service process (forked by the demo): its own telemetry under its own
// service.name (or none at all: no SDK is loaded), its HTTP server on an ephemeral 127.0.0.1
// port; reports "ready" with the port,
// and on "stop" (or when the parent goes away, or on SIGTERM) closes the server, flushes the
// telemetry and exits 0.
import { ExportResultCode } from "@opentelemetry/core";
import { serveHttp } from "./http/server.ts";
import { type ChildMessage, type ParentMessage, SERVICE_CONFIG_ENV, ServiceConfigSchema } from "./protocol.ts";
import { createRandom } from "./random.ts";
import { incidentActive } from "./schedule.ts";
import { SERVICES } from "./services/index.ts";
import { withoutSdk } from "./telemetry/no-sdk.ts";
import type { ServiceTelemetry, Signal } from "./telemetry/setup.ts";

const config = ServiceConfigSchema.parse(JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? "null"));
const name = config.service;

function send(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
  else if (message.type === "export-failed")
    process.stderr.write(`${name}: cannot export ${message.signal}: ${message.message}\n`);
}

// Report the first failure of each signal and its recovery; the parent prints them once.
const failing = new Set<Signal>();
async function startSdk(): Promise<ServiceTelemetry> {
  // Imported here so a service without an SDK never loads one.
  const { installContext, startTelemetry } = await import("./telemetry/setup.ts");
  installContext();
  return startTelemetry({
    serviceName: name,
    endpoint: config.endpoint,
    metricIntervalMs: config.metricIntervalMs,
    onExport(signal, result) {
      if (result.code !== ExportResultCode.SUCCESS) {
        if (failing.has(signal)) return;
        failing.add(signal);
        send({ type: "export-failed", signal, message: result.error?.message ?? "export failed" });
      } else if (failing.delete(signal)) {
        send({ type: "export-recovered", signal });
      }
    },
  });
}
const telemetry = config.sdk ? await startSdk() : withoutSdk(name);

const service = SERVICES[name]({
  telemetry,
  random: createRandom(`${config.seed}:${name}`),
  incidentOn: () => incidentActive(Date.now() - config.startedAtMs, config.incident),
  peers: config.peers,
});
const http = await serveHttp(telemetry, service.routes);

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    await http.close();
    await service.close?.();
    // While exports fail (api down), the exporters would retry every queued batch until its
    // timeout: give up quickly instead, the data could not be sent anyway.
    const budgetMs = failing.size > 0 ? 2_000 : 25_000;
    await Promise.race([telemetry.shutdown(), new Promise((resolve) => setTimeout(resolve, budgetMs))]);
    process.exit(0);
  })();
  return stopping;
}

process.on("message", (message: ParentMessage) => {
  if (message.type === "stop") void stop();
});
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
// Ctrl-C reaches the whole process group: under the demo the parent decides when to stop
// (after its load has drained); run alone, stop now.
process.on("SIGINT", () => {
  if (!process.connected) void stop();
});

send({ type: "ready", port: http.port });
