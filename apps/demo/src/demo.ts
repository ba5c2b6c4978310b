// The whole demo as one object: forks the four services (each after the peers it calls), runs
// the load generator against `frontend`, prints a status line every 10 s, and stops in order
// (load drained, then every service flushes its telemetry and exits).
import type { DemoConfig } from "./config.ts";
import { LoadGenerator } from "./load.ts";
import type { ChildMessage } from "./protocol.ts";
import { createRandom } from "./random.ts";
import { incidentActive, msUntilChange } from "./schedule.ts";
import { PEERS, SERVICE_NAMES, type ServiceName } from "./services/index.ts";
import { type ServiceHandle, spawnService } from "./supervisor.ts";

export interface DemoOptions {
  /** Where status lines go; default stdout. */
  log?: (line: string) => void;
  statusEveryMs?: number;
  metricIntervalMs?: number;
}

export interface RunningDemo {
  startedAtMs: number;
  urls: Record<ServiceName, string>;
  load: LoadGenerator;
  incidentOn(): boolean;
  /** Stops the load, waits for it, then stops every service (each flushes its telemetry). */
  stop(): Promise<void>;
}

/** Starts before its callers: inventory and payments, then checkout, then frontend. */
function startWaves(): ServiceName[][] {
  const waves: ServiceName[][] = [];
  const started = new Set<ServiceName>();
  while (started.size < SERVICE_NAMES.length) {
    const wave = SERVICE_NAMES.filter((s) => !started.has(s) && PEERS[s].every((p) => started.has(p)));
    if (wave.length === 0) throw new Error("service peers form a cycle");
    waves.push(wave);
    for (const s of wave) started.add(s);
  }
  return waves;
}

export function statusLine(elapsedMs: number, window: { sent: number; errors: number }, config: DemoConfig): string {
  const on = incidentActive(elapsedMs, config.incident);
  const change = msUntilChange(elapsedMs, config.incident);
  const clock = `${Math.floor(elapsedMs / 60_000)}:${String(Math.floor(elapsedMs / 1000) % 60).padStart(2, "0")}`;
  const next = change === undefined ? "" : `, ${on ? "ends" : "starts"} in ${Math.ceil(change / 1000)} s`;
  const rate = window.sent === 0 ? 0 : (100 * window.errors) / window.sent;
  return `demo ${clock}  sent ${window.sent}  errors ${window.errors} (${rate.toFixed(1)} %)  incident ${on ? "ON" : "off"}${next}`;
}

export async function startDemo(config: DemoConfig, options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const startedAtMs = Date.now();
  const urls: Partial<Record<ServiceName, string>> = {};
  const handles: ServiceHandle[] = [];

  // Every service process reports its first export failure; say it once for the whole demo.
  let saidFailure = false;
  let saidRecovery = false;
  const onMessage = (message: ChildMessage) => {
    if (message.type === "export-failed" && !saidFailure) {
      saidFailure = true;
      log(
        `demo: cannot export telemetry to ${config.otlpEndpoint} (${message.message}); ` +
          "the demo keeps running and keeps trying (is the api up?); what cannot be sent is dropped",
      );
    } else if (message.type === "export-recovered" && saidFailure && !saidRecovery) {
      saidRecovery = true;
      log(`demo: telemetry export to ${config.otlpEndpoint} works now`);
    }
  };

  try {
    for (const wave of startWaves()) {
      const started = await Promise.allSettled(
        wave.map((service) =>
          spawnService(
            {
              service,
              sdk: !config.withoutSdk.includes(service),
              endpoint: config.otlpEndpoint,
              startedAtMs,
              incident: config.incident,
              seed: config.seed,
              peers: Object.fromEntries(PEERS[service].map((p) => [p, urls[p] ?? ""])),
              metricIntervalMs: options.metricIntervalMs ?? 10_000,
            },
            onMessage,
          ),
        ),
      );
      for (const result of started) {
        if (result.status === "rejected") throw result.reason;
        handles.push(result.value);
        urls[result.value.name as ServiceName] = result.value.url;
      }
    }
  } catch (error) {
    await Promise.allSettled(handles.map((h) => h.stop()));
    throw error;
  }

  const frontend = urls.frontend as string;
  const load = new LoadGenerator(frontend, config.rate, createRandom(`${config.seed}:load`));
  load.start();
  const statusTimer = setInterval(
    () => log(statusLine(Date.now() - startedAtMs, load.takeWindow(), config)),
    options.statusEveryMs ?? 10_000,
  );

  let stopping: Promise<void> | undefined;
  return {
    startedAtMs,
    urls: urls as Record<ServiceName, string>,
    load,
    incidentOn: () => incidentActive(Date.now() - startedAtMs, config.incident),
    stop() {
      stopping ??= (async () => {
        clearInterval(statusTimer);
        await load.stop();
        // The load has drained, so no service still calls a peer: stop them all at once.
        await Promise.all(handles.map((h) => h.stop()));
      })();
      return stopping;
    },
  };
}
