// Shared by the alert-cycle tests (cycle-values, cycle-evidence): rules as the API stores them,
// metric rows of a series, and a transport that counts (and can fail) the store's reads.
import { AlertRuleInputSchema } from "@tracelight/contracts";
import type { MetricRowBase } from "@tracelight/otlp";
import type { ClickHouseTransport } from "@tracelight/store";
import type { StoredRule } from "../../src/alerts/stored-rule.ts";

/** A rule body parsed as POST /alert-rules does, with the stored fields filled in. */
export function storedRule(id: string, input: unknown): StoredRule {
  const parsed = AlertRuleInputSchema.parse(input);
  return { ...parsed, id, createdAt: new Date(0), updatedAt: new Date(0), lastEvalAt: null, lastError: null };
}

export interface SeriesIdentity {
  service: string;
  resource: Record<string, string>;
  attributes: Record<string, string>;
}

/** The columns every metric row of `series` shares. */
export function metricRowBase(
  series: SeriesIdentity,
  metric: string,
  unit: string,
  start: bigint,
  time: bigint,
): MetricRowBase {
  return {
    ResourceAttributes: series.resource,
    ResourceSchemaUrl: "",
    ScopeName: "test",
    ScopeVersion: "1",
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: "",
    ServiceName: series.service,
    MetricName: metric,
    MetricDescription: "",
    MetricUnit: unit,
    Attributes: series.attributes,
    StartTimeUnix: start,
    TimeUnix: time,
    Flags: 0,
  };
}

/** Counts the store's queries by their text; fails those `fail` picks (it may act first, as a
 * concurrent writer would while the query runs). */
export function countingTransport(
  inner: ClickHouseTransport,
  fail?: (text: string, params: object) => boolean | Promise<boolean>,
) {
  const texts: string[] = [];
  const transport: ClickHouseTransport = {
    ...inner,
    query: async (q) => {
      texts.push(q.text);
      if (await fail?.(q.text, q.params)) throw new Error("store unavailable for this read");
      return inner.query(q);
    },
  };
  return { transport, texts };
}
