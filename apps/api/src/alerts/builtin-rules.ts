// Tracelight's own alert rules, over the self-metrics every replica sends under service
// `tracelight` (self-telemetry/self-metrics.ts). Made at start where missing, by every replica,
// once per database (builtinKey is unique: of two replicas starting together one insert wins);
// from then on a rule like any other — evaluated, notified, shown, edited, disabled — except
// that it cannot be deleted (routes.ts: 409, disable it instead), so a restart never brings
// back a rule someone removed, nor does a removal go unnoticed.
import { type AlertRuleInput, AlertRuleInputSchema, SELF_SERVICE } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import { log } from "../log.ts";
import {
  ALERTS_LAG_METRIC,
  OLDEST_PENDING_METRIC,
  QUERY_DURATION_METRIC,
  REFUSED_METRIC,
  WRITES_FAILING_METRIC,
} from "../self-telemetry/self-metrics.ts";
import { isUniqueViolation, ruleColumns } from "./stored-rule.ts";

export interface BuiltinRule {
  key: string;
  rule: AlertRuleInput;
}

const self = { "service.name": SELF_SERVICE };

/** The rules, with thresholds that depend on this deployment's intervals. */
export function builtinRules(options: { evalIntervalS: number; selfMetricsIntervalS: number }): BuiltinRule[] {
  const every = options.selfMetricsIntervalS;
  const rules: Record<string, unknown> = {
    "ingest-refusing": {
      name: "Tracelight ingest refusing requests",
      severity: "warning",
      query: { metric: REFUSED_METRIC, aggregation: "increase", filters: self, window: "5m" },
      condition: { op: ">", threshold: 0 },
      summary: "Tracelight ingest refused {{value}} OTLP requests in 5 minutes: it is full, senders retry later",
    },
    "ingest-writes-failing": {
      name: "Tracelight ingest writes failing",
      severity: "critical",
      // Every window holds points of a healthy replica, and `for` outlasts a start's silence (the
      // first export after one interval; a metric not found is looked up again after 30 s,
      // rule-values.ts): no data then means no write succeeds, self-metrics included.
      query: {
        metric: WRITES_FAILING_METRIC,
        aggregation: "max",
        filters: self,
        window: `${Math.max(120, 3 * every)}s`,
      },
      condition: { op: ">", threshold: 0, for: `${Math.max(60, every + 45)}s`, noData: "alerting" },
      summary:
        "Tracelight cannot write telemetry to its store (or its own metrics stopped arriving): ingest answers 503",
    },
    "evaluator-lagging": {
      name: "Tracelight alert evaluator lagging",
      severity: "critical",
      query: { metric: ALERTS_LAG_METRIC, aggregation: "max", filters: self, window: "1m" },
      condition: { op: ">", threshold: 2 * options.evalIntervalS, unit: "s", for: "2m" },
      summary: "Tracelight's alert evaluation is {{value}} s behind (more than {{threshold}} s): alerts fire late",
    },
    "notification-backlog": {
      name: "Tracelight notifications backlog growing",
      severity: "warning",
      query: { metric: OLDEST_PENDING_METRIC, aggregation: "max", filters: self, window: "2m" },
      condition: { op: ">", threshold: 600, unit: "s" },
      summary: "A Tracelight notification has waited {{value}} s to be sent (more than {{threshold}} s)",
    },
    "query-latency": {
      name: "Tracelight query latency high",
      severity: "warning",
      query: {
        metric: QUERY_DURATION_METRIC,
        aggregation: "p99",
        // Live tail's request lasts as long as someone watches: its duration is no latency.
        filters: [`service.name=${SELF_SERVICE}`, "http.route!=/api/v1/logs/tail"],
        groupBy: ["http.route"],
        window: "5m",
      },
      condition: { op: ">", threshold: 2.5, unit: "s", for: "5m" },
      summary: "p99 of {{http.route}} is {{value}} s (more than {{threshold}} s)",
    },
  };
  return Object.entries(rules).map(([key, rule]) => ({
    key,
    rule: AlertRuleInputSchema.parse({ kind: "metric", ...(rule as object) }),
  }));
}

/** Creates the built-in rules this database lacks; returns the keys it created. */
export async function ensureBuiltinRules(db: Database, rules: readonly BuiltinRule[]): Promise<string[]> {
  const { prisma } = db;
  const existing = await prisma.alertRule.findMany({
    where: { builtinKey: { in: rules.map((r) => r.key) } },
    select: { builtinKey: true },
  });
  const have = new Set(existing.map((r) => r.builtinKey));
  const created: string[] = [];
  for (const { key, rule } of rules) {
    if (have.has(key)) continue;
    try {
      await prisma.alertRule.create({ data: { ...ruleColumns(rule), builtinKey: key } });
      created.push(key);
    } catch (error) {
      // Another replica starting at the same time made it first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (created.length > 0) log.info("built-in alert rules created", { rules: created });
  return created;
}
