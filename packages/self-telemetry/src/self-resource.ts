// Who is reporting: every record of a host carries service.name tracelight, the component
// (api, agent, web) and an instance id, so the health page tells replicas and parts apart.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { SELF_SERVICE } from "@tracelight/contracts";

export const COMPONENT_ATTRIBUTE = "tracelight.component";

export type SelfAttributes = Record<string, string | number | boolean>;

export const SCOPE = { name: "tracelight" };

export function selfResource(component: string, extra: SelfAttributes = {}): Resource {
  return resourceFromAttributes({
    ...extra,
    "service.name": SELF_SERVICE,
    "service.instance.id": randomUUID(),
    [COMPONENT_ATTRIBUTE]: component,
    "host.name": hostname(),
    "process.pid": process.pid,
  });
}

export function hrTime(ms: number): [number, number] {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
