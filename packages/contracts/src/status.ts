// GET /api/v1/status: whether Tracelight's own machinery is keeping up, for its pages and for
// anyone watching it. One section per part; parts add their own fields.
import type { ComponentStatus } from "./self-components.ts";

export interface EvaluatorStatus {
  /** This process's evaluator holds the lease, so it is the one evaluating. */
  leader: boolean;
  /** Who holds the lease now (host:pid:id); null when no evaluator does. */
  holder: string | null;
  /** When the last cycle finished (epoch ms) and how long it took; null before the first. */
  lastCycleAt: number | null;
  lastCycleMs: number | null;
  /** Seconds the last finished cycle is behind its interval: 0 on time, null before the first. */
  lagS: number | null;
  /** Why the last cycle failed as a whole; null when it ran. */
  lastError: string | null;
  /** Enabled rules whose last evaluation failed (each says why on the rules page). */
  failingRules: number;
}

export interface NotificationStatus {
  /** Deliveries still to be sent. */
  backlog: number;
  /** Age of the oldest of them; null when there is none. */
  oldestPendingAgeS: number | null;
}

/** The window the ingest refusals and query latencies are summed over. */
export const STATUS_WINDOW_S = 300;

export interface IngestStatus {
  /** "ok", or since when and why this process's inserts fail; null when it does not run ingest. */
  writes: string | null;
  /** Rows and bytes this process's ingest holds now; null when it does not run ingest. */
  queuedRows: number | null;
  queuedBytes: number | null;
  /** OTLP requests refused as overloaded in the window, every replica (from self-metrics). */
  refused: number;
}

export interface RouteLatency {
  /** The route as registered, e.g. /api/v1/traces/:traceId */
  route: string;
  requests: number;
  p50S: number | null;
  p99S: number | null;
}

export interface QueriesStatus {
  /** Query API routes answered in the window, every replica (from self-metrics), slowest p99 first. */
  routes: RouteLatency[];
}

export interface BackfillTableStatus {
  /** A derived table (tracelight_red_1m, tracelight_exemplars, ...) filled for rows older than its views. */
  table: string;
  /** Chunks (an hour each) filled and planned; source rows in them, filled and planned. */
  chunksDone: number;
  chunks: number;
  rowsDone: number;
  rows: number;
}

export interface BackfillStatus {
  /** Every derived table ever backfilled, store-wide; empty when none was. */
  tables: BackfillTableStatus[];
}

export interface StatusResponse {
  evaluator: EvaluatorStatus;
  notifications: NotificationStatus;
  ingest: IngestStatus;
  queries: QueriesStatus;
  /** Tracelight's parts (api, agent, web) and when each last reported. */
  components: ComponentStatus[];
  backfill: BackfillStatus;
  /** Seconds the ingest and queries figures cover. */
  windowS: number;
}

/** The sections read from the metadata database. */
export type AlertingStatus = Pick<StatusResponse, "evaluator" | "notifications">;
