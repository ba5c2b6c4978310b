// Polls the query API until everything the scenario sent can be read back, so specs never
// race the api's group commit.
import type { LogsResponse, MetricSeriesResponse, RedResponse, TraceResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { authHeaders } from "./api-auth.ts";
import type { Scenario } from "./scenario-types.ts";

async function get<T>(url: string): Promise<{ status: number; body: T | undefined }> {
  const res = await fetch(url, { headers: authHeaders() });
  const text = await res.text();
  return { status: res.status, body: res.ok ? (JSON.parse(text) as T) : undefined };
}

/** Each check says what is still missing, or null when its data is all there. */
function checks(apiBase: string, scenario: Scenario): (() => Promise<string | null>)[] {
  const api = `${apiBase}/api/v1`;
  const range = `from=${scenario.sentAtMs - 3_600_000}&to=${scenario.sentAtMs + 60_000}`;
  const perTrace = scenario.traces.flatMap((t) => [
    async () => {
      const { body } = await get<TraceResponse>(`${api}/traces/${t.traceId}`);
      const n = body?.spans.length ?? 0;
      return n === t.spans.length ? null : `trace ${t.traceId}: ${n}/${t.spans.length} spans`;
    },
    async () => {
      const { body } = await get<LogsResponse>(`${api}/logs?traceId=${t.traceId}&${range}&limit=100`);
      const n = body?.logs.length ?? 0;
      return n === t.logs.length ? null : `logs of ${t.traceId}: ${n}/${t.logs.length}`;
    },
  ]);
  const red = async () => {
    const { body } = await get<RedResponse>(`${api}/red?service=checkout&${range}`);
    const n = body?.buckets.reduce((sum, b) => sum + b.requests, 0) ?? 0;
    return n === scenario.traces.length ? null : `RED requests of checkout: ${n}/${scenario.traces.length}`;
  };
  const histogram = async () => {
    const h = scenario.histogram;
    const { body } = await get<MetricSeriesResponse>(
      `${api}/metrics/series?metric=${h.name}&agg=count&step=60&${range}`,
    );
    const counted = body?.series.flatMap((s) => s.points).reduce((sum, [, v]) => sum + (v ?? 0), 0) ?? 0;
    const sent = h.points.reduce((sum, p) => sum + p.count, 0);
    return counted === sent ? null : `${h.name}: ${counted}/${sent} recorded values`;
  };
  return [...perTrace, red, histogram];
}

export async function waitForScenario(apiBase: string, scenario: Scenario, timeoutMs = 60_000): Promise<void> {
  await until(
    "the query API to return the scenario's data",
    async () => {
      const results = await Promise.all(
        checks(apiBase, scenario).map((check) => check().catch((e: Error) => e.message)),
      );
      const missing = results.filter((r): r is string => r !== null);
      if (missing.length === 0) return true;
      throw new Error(`still missing:\n  ${missing.join("\n  ")}`);
    },
    { timeoutMs, intervalMs: 500 },
  );
}
