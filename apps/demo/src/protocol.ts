// What the demo's parent process and each service process tell each other: the service's
// configuration (one JSON environment variable) and the messages on the IPC channel.
import { z } from "zod";
import { SERVICE_NAMES } from "./services/service.ts";
import type { Signal } from "./telemetry/setup.ts";

export const SERVICE_CONFIG_ENV = "TRACELIGHT_DEMO_SERVICE";

export const ServiceConfigSchema = z.object({
  service: z.enum(SERVICE_NAMES),
  /** false: the service runs with no OpenTelemetry SDK (the eBPF agent still sees its requests). */
  sdk: z.boolean(),
  endpoint: z.string().min(1),
  /** Epoch ms the demo started; the incident schedule counts from here in every process. */
  startedAtMs: z.number(),
  incident: z.object({ periodS: z.number(), startS: z.number(), durationS: z.number() }),
  seed: z.string(),
  peers: z.partialRecord(z.enum(SERVICE_NAMES), z.string()),
  metricIntervalMs: z.number().int().positive(),
});
export type ServiceConfig = z.output<typeof ServiceConfigSchema>;

export type ParentMessage = { type: "stop" };

export type ChildMessage =
  | { type: "ready"; port: number }
  | { type: "export-failed"; signal: Signal; message: string }
  | { type: "export-recovered"; signal: Signal };
