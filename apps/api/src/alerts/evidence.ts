// The evidence an alert carries from the moment it fired: the exemplar traces of the
// breaching window for its series (the slowest spans when the metric has no exemplars; the
// matching logs' traces for a log rule) and a few log lines of those traces. captureEvidence
// reads it for one series, with its own queries; the evaluator reads it for every series of a
// cycle at once (cycle-evidence.ts), to the same evidence. The choosing is here, shared.

import type {
  AlertEvidence,
  AttributeFilter,
  AttributeMap,
  EvidenceLog,
  EvidenceTrace,
  LogFilters,
  LogRecord,
  MetricExemplar,
  TraceSummary,
} from "@tracelight/contracts";
import { SERVICE_NAME_KEY } from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  queryExemplars,
  queryLogsOfTraces,
  queryRecentLogs,
  querySlowestSpans,
  queryTraceSummaries,
  type SpanRef,
} from "@tracelight/store";
import type { MetricTypes } from "./rule-values.ts";
import type { StoredRule } from "./stored-rule.ts";

export const EVIDENCE_TRACES = 5;
export const EVIDENCE_LOGS = 10;
export const LOGS_PER_TRACE = 3;
/** Slowest spans read to find EVIDENCE_TRACES distinct traces among them. */
export const SLOWEST_SPANS = EVIDENCE_TRACES * 4;
/** Logs of a trace are looked for this far around the breaching window. */
const LOG_PADDING_MS = 5 * 60_000;

export interface EvidenceWindow {
  from: number;
  to: number;
}

type MetricRule = Extract<StoredRule, { kind: "metric" }>;
type LogRule = Extract<StoredRule, { kind: "logs" }>;

export const logWindow = (window: EvidenceWindow): EvidenceWindow => ({
  from: window.from - LOG_PADDING_MS,
  to: window.to + LOG_PADDING_MS,
});

/**
 * The series' own labels as filters, so evidence comes from the series that breached. A label
 * replaces the rule's `=` filters on its key: those are "any of", and would add the others back.
 */
export function seriesFilters(base: readonly AttributeFilter[], labels: AttributeMap): AttributeFilter[] {
  const own = base.filter((f) => f.op !== "=" || !Object.hasOwn(labels, f.key));
  return [...own, ...Object.entries(labels).map(([key, value]) => ({ key, op: "=" as const, value }))];
}

/** A log rule's filters for one of its series. */
export const seriesLogFilters = (rule: LogRule, labels: AttributeMap): LogFilters => ({
  service: rule.query.service === undefined ? [] : [rule.query.service],
  severity: rule.query.severity,
  q: rule.query.text,
  attr: seriesFilters(rule.query.filters, labels),
});

/** Where a metric series' slowest spans come from: its service filters (none: no spans). */
export const serviceFilters = (rule: MetricRule, labels: AttributeMap): AttributeFilter[] =>
  seriesFilters(rule.query.filters, labels).filter((f) => f.key === SERVICE_NAME_KEY);

/** The first EVIDENCE_TRACES items of distinct traces. */
function firstTraces<T extends { traceId: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.traceId) && seen.add(i.traceId)).slice(0, EVIDENCE_TRACES);
}

const withTrace = <T extends { traceId: string }>(items: readonly T[]): T[] => items.filter((i) => i.traceId !== "");

const bare = (t: Pick<EvidenceTrace, "traceId" | "spanId" | "timestamp" | "value" | "serviceName">): EvidenceTrace => ({
  ...t,
  spanName: "",
  durationMs: null,
  isError: false,
});

/** Exemplars come highest first; for a "below" condition the lowest values are the breaching ones. */
export function exemplarTraces(exemplars: readonly MetricExemplar[], rule: MetricRule): EvidenceTrace[] {
  const below = rule.condition.op === "<" || rule.condition.op === "<=";
  return firstTraces(withTrace(below ? [...exemplars].reverse() : exemplars)).map((e) =>
    bare({ traceId: e.traceId, spanId: e.spanId, timestamp: e.timestamp, value: e.value, serviceName: e.serviceName }),
  );
}

export const spanTraces = (spans: readonly SpanRef[]): EvidenceTrace[] =>
  firstTraces(spans).map((s) => ({ ...s, value: s.durationMs }));

export const logTraces = (logs: readonly LogRecord[]): EvidenceTrace[] =>
  firstTraces(withTrace(logs)).map((l) =>
    bare({ traceId: l.traceId, spanId: l.spanId, timestamp: l.timestamp, value: 1, serviceName: l.serviceName }),
  );

export type TraceSummaries = ReadonlyMap<string, TraceSummary>;

export async function traceSummaries(
  transport: ClickHouseTransport,
  traceIds: readonly string[],
): Promise<TraceSummaries> {
  const summaries = await queryTraceSummaries(transport, [...new Set(traceIds)]);
  return new Map(summaries.map((s) => [s.traceId, s]));
}

/** Adds span name, duration and error from the stored traces. */
export function withDetails(traces: readonly EvidenceTrace[], summaries: TraceSummaries): EvidenceTrace[] {
  return traces.map((t) => {
    const s = summaries.get(t.traceId);
    if (s === undefined) return t;
    return {
      ...t,
      spanName: t.spanName || s.rootName,
      durationMs: t.durationMs ?? s.durationMs,
      isError: t.isError || s.errorCount > 0,
    };
  });
}

export const toEvidenceLog = (r: LogRecord): EvidenceLog => ({
  timestamp: r.timestamp,
  severityText: r.severityText,
  body: r.body.length > 2000 ? `${r.body.slice(0, 2000)}…` : r.body,
  serviceName: r.serviceName,
  traceId: r.traceId,
  spanId: r.spanId,
});

async function metricTraces(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: MetricRule,
  labels: AttributeMap,
  window: EvidenceWindow,
): Promise<EvidenceTrace[]> {
  const { type, units } = await types.get(rule.query.metric, window.to);
  if (type !== null) {
    const filter = seriesFilters(rule.query.filters, labels);
    const exemplars = await queryExemplars(transport, {
      metric: rule.query.metric,
      type,
      groupBy: [],
      filter,
      range: window,
      units,
    });
    const picked = exemplarTraces(exemplars, rule);
    if (picked.length > 0) return picked;
  }
  // No exemplars (a gauge, or an SDK that sends none): the slowest spans of the same service.
  const service = serviceFilters(rule, labels);
  if (service.length === 0) return [];
  return spanTraces(await querySlowestSpans(transport, service, window, SLOWEST_SPANS));
}

/** One series' evidence with its own queries (the evaluator reads a cycle's at once: cycle-evidence.ts). */
export async function captureEvidence(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: StoredRule,
  labels: AttributeMap,
  window: EvidenceWindow,
  now: number,
): Promise<AlertEvidence> {
  if (rule.kind === "logs") {
    const logs = await queryRecentLogs(transport, seriesLogFilters(rule, labels), window, EVIDENCE_LOGS);
    const traces = logTraces(logs);
    const summaries = await traceSummaries(
      transport,
      traces.map((t) => t.traceId),
    );
    return { capturedAt: now, window, traces: withDetails(traces, summaries), logs: logs.map(toEvidenceLog) };
  }
  const picked = await metricTraces(transport, types, rule, labels, window);
  const traceIds = picked.map((t) => t.traceId);
  const traces = withDetails(picked, await traceSummaries(transport, traceIds));
  const logs = await queryLogsOfTraces(transport, traceIds, logWindow(window), LOGS_PER_TRACE, EVIDENCE_LOGS);
  return { capturedAt: now, window, traces, logs: logs.map(toEvidenceLog) };
}
