// The evidence of every series that starts firing in one evaluation cycle, read per cycle rather
// than per series: one exemplar query per metric and window, one slowest-spans query (metrics
// without exemplars) and one matching-logs query (log rules) per window, then one trace-summary
// and one logs-of-traces query for all the traces chosen. Each series gets what captureEvidence
// (evidence.ts, its own queries) gives it, checked in test/cycle-evidence.chdb.test.ts.
import type { AlertEvidence, AttributeMap, EvidenceTrace, LogRecord, MetricType } from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  queryExemplarsBatch,
  queryLogsOfTracesBatch,
  queryRecentLogsBatch,
  querySlowestSpansBatch,
} from "@tracelight/store";
import {
  EVIDENCE_LOGS,
  type EvidenceWindow,
  exemplarTraces,
  LOGS_PER_TRACE,
  logTraces,
  logWindow,
  SLOWEST_SPANS,
  seriesFilters,
  seriesLogFilters,
  serviceFilters,
  spanTraces,
  toEvidenceLog,
  traceSummaries,
  withDetails,
} from "./evidence.ts";
import type { MetricTypes, RuleMetric } from "./rule-values.ts";
import type { StoredRule } from "./stored-rule.ts";

export interface EvidenceRequest {
  rule: StoredRule;
  /** The series' labels. */
  labels: AttributeMap;
  window: EvidenceWindow;
}

/** One request as its reads progress; a failed read fails the requests it was for. */
interface Capture<R extends StoredRule = StoredRule> extends EvidenceRequest {
  rule: R;
  traces: EvidenceTrace[];
  /** A log rule's matching logs: its evidence logs as they are. */
  logs: LogRecord[];
  failure?: { error: unknown };
}
type MetricCapture = Capture<Extract<StoredRule, { kind: "metric" }>> & { metric?: RuleMetric };
type LogCapture = Capture<Extract<StoredRule, { kind: "logs" }>>;

/** Each request's evidence, in order; a request whose reads failed gets their error. */
export async function captureCycleEvidence(
  transport: ClickHouseTransport,
  types: MetricTypes,
  requests: readonly EvidenceRequest[],
  now: number,
): Promise<PromiseSettledResult<AlertEvidence>[]> {
  const captures = requests.map((r): Capture => ({ ...r, traces: [], logs: [] }));
  const metric = captures.filter((c): c is MetricCapture => c.rule.kind === "metric");
  const logs = captures.filter((c): c is LogCapture => c.rule.kind === "logs");

  await Promise.all(
    metric.map((c) =>
      read([c], async () => {
        c.metric = await types.get(c.rule.query.metric, c.window.to);
      }),
    ),
  );
  const exemplarGroups = groupBy(
    metric.filter((c) => !c.failure && c.metric?.type != null),
    (c) => [c.rule.query.metric, c.metric, c.window],
  );
  await Promise.all([
    ...exemplarGroups.map((group) =>
      read(group, async () => {
        const { rule, metric, window } = group[0] as MetricCapture;
        const { type, units } = metric as RuleMetric;
        const req = { metric: rule.query.metric, type: type as MetricType, range: window, units };
        const filters = group.map((c) => seriesFilters(c.rule.query.filters, c.labels));
        const lists = await queryExemplarsBatch(transport, req, filters);
        group.forEach((c, i) => {
          c.traces = exemplarTraces(lists[i] ?? [], c.rule);
        });
      }),
    ),
    ...groupBy(logs, (c) => c.window).map((group) =>
      read(group, async () => {
        const filters = group.map((c) => seriesLogFilters(c.rule, c.labels));
        const lists = await queryRecentLogsBatch(transport, filters, group[0]!.window, EVIDENCE_LOGS);
        group.forEach((c, i) => {
          c.logs = lists[i] ?? [];
          c.traces = logTraces(c.logs);
        });
      }),
    ),
  ]);

  // No exemplars (a gauge, or an SDK that sends none): the slowest spans of the same service.
  const spanless = metric.filter(
    (c) => !c.failure && c.traces.length === 0 && serviceFilters(c.rule, c.labels).length > 0,
  );
  await Promise.all(
    groupBy(spanless, (c) => c.window).map((group) =>
      read(group, async () => {
        const filters = group.map((c) => serviceFilters(c.rule, c.labels));
        const lists = await querySlowestSpansBatch(transport, filters, group[0]!.window, SLOWEST_SPANS);
        group.forEach((c, i) => {
          c.traces = spanTraces(lists[i] ?? []);
        });
      }),
    ),
  );

  // The traces' details, and the logs of metric series' traces (a log rule shows its own logs).
  const live = captures.filter((c) => !c.failure);
  const liveMetric = metric.filter((c) => !c.failure);
  await read(live, async () => {
    const [summaries, traceLogs] = await Promise.all([
      traceSummaries(
        transport,
        live.flatMap((c) => c.traces.map((t) => t.traceId)),
      ),
      queryLogsOfTracesBatch(
        transport,
        liveMetric.map((c) => ({ traceIds: c.traces.map((t) => t.traceId), window: logWindow(c.window) })),
        LOGS_PER_TRACE,
        EVIDENCE_LOGS,
      ),
    ]);
    for (const c of live) c.traces = withDetails(c.traces, summaries);
    liveMetric.forEach((c, i) => {
      c.logs = traceLogs[i] ?? [];
    });
  });

  return captures.map((c) =>
    c.failure
      ? { status: "rejected", reason: c.failure.error }
      : {
          status: "fulfilled",
          value: { capturedAt: now, window: c.window, traces: c.traces, logs: c.logs.map(toEvidenceLog) },
        },
  );
}

/** Runs one read for `group`; if it fails, so does every request of the group. */
async function read(group: readonly Capture[], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    for (const c of group) c.failure ??= { error };
  }
}

/** Items by the JSON of their key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => unknown): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = JSON.stringify(key(item));
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}
