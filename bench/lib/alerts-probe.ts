// Where an evaluation cycle's time goes, measured from outside the evaluator: the store
// transport and the Prisma client it is given are wrapped, so each store query is timed and
// named by its SQL, and the cycle splits into loading rules, evaluating (store queries and
// evidence) and the write transaction.
import type { Database } from "@tracelight/db";
import type { ClickHouseTransport } from "@tracelight/store";

export interface QueryTotals {
  n: number;
  ms: number;
  max: number;
}

/** The kind of a store query, recognised from the SQL the store's builders write. */
export function queryKind(text: string): string {
  if (text.includes("UNION ALL") && text.includes("MetricName AS name")) return "metric type lookup";
  if (text.includes("any(ResourceAttributes) AS resource")) {
    // One per metric, value kind and window (queryMetricPartials).
    if (text.includes("sumForEach(dBuckets)")) return "rule group: histogram buckets";
    if (text.includes("dCount")) return "rule group: count/sum";
    if (text.includes("lagInFrame")) return "rule group: counter";
    return "rule group: gauge/sum values";
  }
  if (text.includes("tracelight_exemplars")) return "evidence: exemplars";
  if (text.includes("otel_traces")) return "evidence: spans";
  if (text.includes("otel_logs")) return text.includes("AS v") ? "log count" : "evidence: logs";
  return "other";
}

export class CycleProbe {
  queries = new Map<string, QueryTotals>();
  rulesLoadedAt = 0;
  txStartedAt = 0;
  txEndedAt = 0;
  notifications = 0;

  reset(): void {
    this.queries = new Map();
    this.rulesLoadedAt = 0;
    this.txStartedAt = 0;
    this.txEndedAt = 0;
    this.notifications = 0;
  }

  record(kind: string, ms: number): void {
    const t = this.queries.get(kind) ?? { n: 0, ms: 0, max: 0 };
    t.n++;
    t.ms += ms;
    t.max = Math.max(t.max, ms);
    this.queries.set(kind, t);
  }

  transport(inner: ClickHouseTransport): ClickHouseTransport {
    return {
      description: inner.description,
      query: async (q) => {
        const started = performance.now();
        try {
          return await inner.query(q);
        } finally {
          this.record(queryKind(q.text), performance.now() - started);
        }
      },
      command: (q) => inner.command(q),
      insert: (...args) => inner.insert(...args),
      close: () => inner.close(),
    };
  }

  /** The database with `$transaction` and the rule/silence reads timed. */
  database(db: Database): Database {
    const probe = this;
    const timedModel = (model: object) =>
      new Proxy(model, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (prop !== "findMany" || typeof value !== "function") return value;
          return async (...args: unknown[]) => {
            const rows = await value.apply(target, args);
            probe.rulesLoadedAt = Math.max(probe.rulesLoadedAt, performance.now());
            return rows;
          };
        },
      });
    const prisma = new Proxy(db.prisma, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === "alertRule" || prop === "silence") return timedModel(value as object);
        if (prop === "$transaction")
          return async (...args: unknown[]) => {
            probe.txStartedAt = performance.now();
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              probe.txEndedAt = performance.now();
            }
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { ...db, prisma };
  }
}
