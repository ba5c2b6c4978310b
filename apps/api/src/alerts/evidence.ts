// The evidence an alert carries from the moment it fired: the exemplar traces of the
// breaching window for its series (the slowest spans when the metric has no exemplars; the
// matching logs' traces for a log rule) and a few log lines of those traces.

import type {
  AlertEvidence,
  AttributeFilter,
  AttributeMap,
  EvidenceLog,
  EvidenceTrace,
  LogRecord,
} from "@tracelight/contracts";
import { SERVICE_NAME_KEY } from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  queryExemplars,
  queryLogsOfTraces,
  queryRecentLogs,
  querySlowestSpans,
  queryTraceSummaries,
} from "@tracelight/store";
import type { MetricTypes } from "./rule-values.ts";
import type { StoredRule } from "./stored-rule.ts";

export const EVIDENCE_TRACES = 5;
export const EVIDENCE_LOGS = 10;
const LOGS_PER_TRACE = 3;
/** Logs of a trace are looked for this far around the breaching window. */
const LOG_PADDING_MS = 5 * 60_000;

/** The series' own labels as filters, so evidence comes from the series that breached. */
function seriesFilters(base: readonly AttributeFilter[], labels: AttributeMap): AttributeFilter[] {
  return [...base, ...Object.entries(labels).map(([key, value]) => ({ key, op: "=" as const, value }))];
}

const toEvidenceLog = (r: LogRecord): EvidenceLog => ({
  timestamp: r.timestamp,
  severityText: r.severityText,
  body: r.body.length > 2000 ? `${r.body.slice(0, 2000)}…` : r.body,
  serviceName: r.serviceName,
  traceId: r.traceId,
  spanId: r.spanId,
});

/** Adds span name, duration and error from the stored traces. */
async function withTraceDetails(transport: ClickHouseTransport, traces: EvidenceTrace[]): Promise<EvidenceTrace[]> {
  const summaries = new Map(
    (
      await queryTraceSummaries(
        transport,
        traces.map((t) => t.traceId),
      )
    ).map((s) => [s.traceId, s]),
  );
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

async function metricTraces(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: Extract<StoredRule, { kind: "metric" }>,
  labels: AttributeMap,
  window: { from: number; to: number },
): Promise<EvidenceTrace[]> {
  const filter = seriesFilters(rule.query.filters, labels);
  const { type } = await types.get(rule.query.metric, window.to);
  if (type !== null) {
    const exemplars = await queryExemplars(transport, {
      metric: rule.query.metric,
      type,
      groupBy: [],
      filter,
      range: window,
    });
    // Highest first; for a "below" condition the lowest values are the breaching ones.
    const below = rule.condition.op === "<" || rule.condition.op === "<=";
    const ordered = below ? [...exemplars].reverse() : exemplars;
    const seen = new Set<string>();
    const picked = ordered
      .filter((e) => e.traceId !== "" && !seen.has(e.traceId) && seen.add(e.traceId))
      .slice(0, EVIDENCE_TRACES);
    if (picked.length > 0) {
      return picked.map((e) => ({
        traceId: e.traceId,
        spanId: e.spanId,
        timestamp: e.timestamp,
        value: e.value,
        serviceName: e.serviceName,
        spanName: "",
        durationMs: null,
        isError: false,
      }));
    }
  }
  // No exemplars (a gauge, or an SDK that sends none): the slowest spans of the same service.
  const service = filter.filter((f) => f.key === SERVICE_NAME_KEY);
  if (service.length === 0) return [];
  const spans = await querySlowestSpans(transport, service, window, EVIDENCE_TRACES * 4);
  const seen = new Set<string>();
  return spans
    .filter((s) => !seen.has(s.traceId) && seen.add(s.traceId))
    .slice(0, EVIDENCE_TRACES)
    .map((s) => ({ ...s, value: s.durationMs, durationMs: s.durationMs }));
}

export async function captureEvidence(
  transport: ClickHouseTransport,
  types: MetricTypes,
  rule: StoredRule,
  labels: AttributeMap,
  window: { from: number; to: number },
  now: number,
): Promise<AlertEvidence> {
  const logWindow = { from: window.from - LOG_PADDING_MS, to: window.to + LOG_PADDING_MS };
  if (rule.kind === "logs") {
    const attr = seriesFilters(rule.query.filters, labels);
    const logs = await queryRecentLogs(
      transport,
      { service: rule.query.service, severity: rule.query.severity, q: rule.query.text, attr },
      window,
      EVIDENCE_LOGS,
    );
    const seen = new Set<string>();
    const traces = logs
      .filter((l) => l.traceId !== "" && !seen.has(l.traceId) && seen.add(l.traceId))
      .slice(0, EVIDENCE_TRACES)
      .map((l) => ({
        traceId: l.traceId,
        spanId: l.spanId,
        timestamp: l.timestamp,
        value: 1,
        serviceName: l.serviceName,
        spanName: "",
        durationMs: null,
        isError: false,
      }));
    return {
      capturedAt: now,
      window,
      traces: await withTraceDetails(transport, traces),
      logs: logs.map(toEvidenceLog),
    };
  }
  const traces = await withTraceDetails(transport, await metricTraces(transport, types, rule, labels, window));
  const logs = await queryLogsOfTraces(
    transport,
    traces.map((t) => t.traceId),
    logWindow,
    LOGS_PER_TRACE,
    EVIDENCE_LOGS,
  );
  return { capturedAt: now, window, traces, logs: logs.map(toEvidenceLog) };
}
