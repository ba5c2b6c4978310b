// What every demo service is built from, and the four services with the peers each calls
// (which fixes the start order: a service starts after the peers it calls).
import type { Route } from "../http/server.ts";
import type { Random } from "../random.ts";
import type { ServiceTelemetry } from "../telemetry/setup.ts";

export const SERVICE_NAMES = ["frontend", "checkout", "payments", "inventory"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const PEERS: Record<ServiceName, readonly ServiceName[]> = {
  inventory: [],
  payments: [],
  checkout: ["inventory", "payments"],
  frontend: ["inventory", "checkout"],
};

export interface ServiceContext {
  telemetry: ServiceTelemetry;
  random: Random;
  /** Whether the recurring incident is on right now. */
  incidentOn(): boolean;
  /** Base URL (http://127.0.0.1:<port>) of each peer this service calls. */
  peers: Partial<Record<ServiceName, string>>;
}

export interface ServiceDefinition {
  routes: Route[];
  /** Releases what the service holds besides its HTTP server. */
  close?(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function peerUrl(ctx: ServiceContext, peer: ServiceName): string {
  const url = ctx.peers[peer];
  if (!url) throw new Error(`${ctx.telemetry.serviceName}: no address for peer ${peer}`);
  return url;
}
