// Which of Tracelight's parts reported lately, from the heartbeat every self-telemetry sends
// each interval (tracelight.self_telemetry.dropped, sent even when 0): the last time each
// component's points were stored and how many of its instances are alive. TimeUnix is
// DateTime64(9) in Tracelight's tables but DateTime in the Collector exporter's current ones.
import {
  COMPONENT_LOOKBACK_S,
  COMPONENT_SILENT_AFTER_S,
  type ComponentStatus,
  SELF_COMPONENTS,
  SELF_SERVICE,
} from "@tracelight/contracts";
import { SELF_DROPPED_METRIC } from "@tracelight/self-telemetry";
import { type ClickHouseTransport, raw, sql, TABLES } from "@tracelight/store";

export async function readComponents(transport: ClickHouseTransport, nowMs: number): Promise<ComponentStatus[]> {
  const since = sql`fromUnixTimestamp64Milli(${Math.floor(nowMs - COMPONENT_LOOKBACK_S * 1000)})`;
  const alive = sql`fromUnixTimestamp64Milli(${Math.floor(nowMs - COMPONENT_SILENT_AFTER_S * 1000)})`;
  const rows = await transport.query<{ component: string; lastSeenMs: number | string; instances: number | string }>(
    sql`SELECT ResourceAttributes['tracelight.component'] AS component,
               toUnixTimestamp64Milli(toDateTime64(max(TimeUnix), 3)) AS lastSeenMs,
               uniqExactIf(ResourceAttributes['service.instance.id'], TimeUnix >= ${alive}) AS instances
        FROM ${raw(TABLES.sum)}
        WHERE ServiceName = ${SELF_SERVICE} AND MetricName = ${SELF_DROPPED_METRIC} AND TimeUnix >= ${since}
        GROUP BY component`,
  );
  const seen = new Map(rows.map((r) => [r.component, r]));
  const names = [...new Set([...SELF_COMPONENTS, ...seen.keys()])];
  return names.map((component) => {
    const row = seen.get(component);
    const lastSeenAt = row === undefined ? null : Number(row.lastSeenMs);
    return {
      component,
      lastSeenAt,
      instances: row === undefined ? 0 : Number(row.instances),
      silent: lastSeenAt !== null && nowMs - lastSeenAt > COMPONENT_SILENT_AFTER_S * 1000,
    };
  });
}
