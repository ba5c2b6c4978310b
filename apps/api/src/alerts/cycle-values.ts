// The rules' values for one evaluation cycle, read in groups. Metric rules with the same metric,
// type, value kind and window share one store query that returns partial aggregates per series
// (queryMetricPartials); each rule takes its own values out of them (mergePartials): the values
// currentValues (one query per rule) gives, checked in test/cycle-values.chdb.test.ts. Log-count
// rules keep one query each, and identical ones run once.
import {
  type ClickHouseTransport,
  mergePartials,
  queryLogCounts,
  queryMetricPartials,
  seriesKind,
} from "@tracelight/store";
import {
  LOG_COUNT_UNIT,
  logCountRequest,
  type MetricTypes,
  ruleMetricType,
  type SeriesValue,
  valuesAt,
  windowMs,
} from "./rule-values.ts";
import type { StoredRule } from "./stored-rule.ts";

export interface RuleValues {
  values: SeriesValue[];
  unit: string;
}

export class CycleValues {
  /** Store reads by what they read (shared by the rules that need the same). */
  private readonly reads = new Map<string, Promise<unknown>>();
  private readonly byRule = new Map<string, Promise<RuleValues>>();

  constructor(
    private readonly transport: ClickHouseTransport,
    private readonly types: MetricTypes,
    private readonly now: number,
  ) {}

  /** Reads the rule's values ahead; a failure is kept for `of` to report. */
  async prefetch(rule: StoredRule): Promise<void> {
    await this.of(rule).catch(() => {});
  }

  /** The rule's value per series for the window that ends at `now`. */
  of(rule: StoredRule): Promise<RuleValues> {
    let values = this.byRule.get(rule.id);
    if (values === undefined) {
      values = this.read(rule);
      this.byRule.set(rule.id, values);
    }
    return values;
  }

  private async read(rule: StoredRule): Promise<RuleValues> {
    const span = windowMs(rule);
    const from = this.now - span;
    const range = { from, to: this.now };
    if (rule.kind === "logs") {
      // As currentValues asks it: buckets from `from`, so [from, now) is the first.
      const req = logCountRequest(rule, range, span / 1000, from);
      const series = await this.shared({ logs: req }, () => queryLogCounts(this.transport, req));
      return { values: valuesAt(series, from), unit: LOG_COUNT_UNIT };
    }
    const { type, units } = await ruleMetricType(this.types, rule, this.now);
    if (type === null) return { values: [], unit: units.unit };
    const { metric, aggregation: agg, filters: filter, groupBy } = rule.query;
    const req = { metric, type, kind: seriesKind(type, agg), range, units };
    const partials = await this.shared(req, () => queryMetricPartials(this.transport, req));
    return { values: mergePartials(partials, { agg, filter, groupBy }), unit: units.unit };
  }

  /** One execution of `read` per distinct `what` in this cycle. */
  private shared<T>(what: object, read: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(what);
    let pending = this.reads.get(key);
    if (pending === undefined) {
      pending = read();
      this.reads.set(key, pending);
    }
    return pending as Promise<T>;
  }
}
