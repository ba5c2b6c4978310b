// GET /api/v1/service-map — which service calls which over a range: nodes with their RED
// figures (the services page's, from the same rollup) and caller → callee edges from
// client/producer spans paired with the server/consumer spans they parent in another service, or,
// when no such span arrives, to a peer named from the caller's span (a database, a third-party API).
import { z } from "zod";
import { includeSelfParam } from "./services.ts";
import { rangeShape, withRange } from "./time.ts";

/** At most this many nodes (the busiest); edges only between them. */
export const MAX_SERVICE_MAP_NODES = 500;

export const ServiceMapQuerySchema = z.object({ ...rangeShape, includeSelf: includeSelfParam }).transform(withRange);
export type ServiceMapQuery = z.output<typeof ServiceMapQuerySchema>;

export type ServiceMapNodeKind = "service" | "peer";

export interface ServiceMapNode {
  /** A service's name, or a peer's (postgresql/shop, kafka/orders, api.stripe.com:443). */
  service: string;
  /**
   * service: it sends spans of its own. peer: only its callers' spans name it; its figures are
   * those of the calls to it (its rate is the sum of its incoming edges').
   */
  kind: ServiceMapNodeKind;
  /** Requests per second of the service's entry spans, as on the services page. */
  rate: number;
  /** errors / requests, 0..1 (0 without requests). */
  errorRate: number;
  /** null without requests (a service seen only as a caller). */
  p99Ms: number | null;
}

export interface ServiceMapEdge {
  /** The caller's service. */
  from: string;
  /** The callee's service. */
  to: string;
  /** Calls per second. */
  rate: number;
  /** Calls where either span is an error / calls, 0..1. */
  errorRate: number;
  /** p99 of the caller's span durations. */
  p99Ms: number | null;
  /**
   * To a peer: the search-language query that finds the caller's spans to it (for trace search
   * with service = from).
   */
  search?: string;
}

export interface ServiceMapResponse {
  nodes: ServiceMapNode[];
  edges: ServiceMapEdge[];
  /** More than MAX_SERVICE_MAP_NODES services: the least busy are left out, with their edges. */
  truncated: boolean;
}
