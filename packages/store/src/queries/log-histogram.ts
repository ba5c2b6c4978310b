// Log counts per time bucket and severity range, with the filters and window of the log
// search (logConditions, resolveLogWindow), so the counts add up to what /logs finds. Every
// bucket of the window is returned; only severities that have logs get a series.
import {
  chooseStepSeconds,
  LOG_HISTOGRAM_SEVERITIES,
  type LogHistogramQuery,
  type LogHistogramResponse,
  type LogHistogramSeverity,
  MAX_POINTS,
} from "@tracelight/contracts";
import { profileOf, type SchemaProfile } from "../schema-profile.ts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { where } from "./attributes.ts";
import { type LogWindow, logConditions, resolveLogWindow } from "./logs.ts";
import { num } from "./numbers.ts";

/** SeverityNumber → severity range (SEVERITY_MIN_NUMBER's bounds; 0 → UNSPECIFIED, above 24 → FATAL). */
const SEVERITY_RANGE = `multiIf(SeverityNumber = 0, 'UNSPECIFIED', SeverityNumber < 5, 'TRACE', SeverityNumber < 9, 'DEBUG',
  SeverityNumber < 13, 'INFO', SeverityNumber < 17, 'WARN', SeverityNumber < 21, 'ERROR', 'FATAL')`;

export function buildLogHistogramQuery(
  q: LogHistogramQuery,
  window: LogWindow,
  stepSeconds: number,
  profile: SchemaProfile,
): BoundQuery {
  const stepMs = typed(stepSeconds * 1000, "Int64");
  return sql`SELECT intDiv(toUnixTimestamp64Milli(Timestamp), ${stepMs}) * ${stepMs} AS t, ${raw(SEVERITY_RANGE)} AS severity,
  count() AS n
FROM ${raw(TABLES.logs)}
WHERE ${where(logConditions(q, window, profile))}
GROUP BY t, severity`;
}

/**
 * The query's step, unless the window is not the query's range (a trace's window): then a
 * round step for that window, never finer than asked, within MAX_POINTS.
 */
export function histogramStepSeconds(q: LogHistogramQuery, window: LogWindow): number {
  if (window.from === q.range.from && window.to === q.range.to) return q.stepSeconds;
  const step = chooseStepSeconds(window.to - window.from, q.stepSeconds);
  return Math.max(step, Math.ceil((window.to - window.from) / 1000 / MAX_POINTS));
}

interface Row {
  t: number;
  severity: LogHistogramSeverity;
  n: number;
}

export async function queryLogHistogram(
  transport: ClickHouseTransport,
  q: LogHistogramQuery,
): Promise<LogHistogramResponse> {
  const window = await resolveLogWindow(transport, q);
  const stepSeconds = histogramStepSeconds(q, window);
  const stepMs = stepSeconds * 1000;
  const rows = await transport.query<Row>(buildLogHistogramQuery(q, window, stepSeconds, await profileOf(transport)));
  const counts = new Map<string, number>();
  const present = new Set<LogHistogramSeverity>();
  let total = 0;
  for (const r of rows) {
    const n = num(r.n);
    counts.set(`${r.severity} ${num(r.t)}`, n);
    present.add(r.severity);
    total += n;
  }
  const starts: number[] = [];
  for (let t = Math.floor(window.from / stepMs) * stepMs; t <= window.to; t += stepMs) starts.push(t);
  const series = LOG_HISTOGRAM_SEVERITIES.filter((s) => present.has(s)).map((severity) => ({
    severity,
    points: starts.map((t): [number, number] => [t, counts.get(`${severity} ${t}`) ?? 0]),
  }));
  return { stepMs, total, series };
}
