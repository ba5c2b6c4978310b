// The data set `npm run bench:ui` measures against: generated traces, logs and histogram
// points (ui-dataset.ts) sent through the real api's OTLP/HTTP protobuf receiver, spread
// over the last two hours ending now, then background merges waited out. A directory already
// loaded for the same size and holding exactly the rows its manifest says is reused as it is.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ProgressBar } from "@tracelight/progress-bar";
import { type ClickHouseTransport, openChdbTransport, sql } from "@tracelight/store";
import { waitForMerges } from "@tracelight/store/testing";
import { runLoad } from "./load.ts";
import { fmt } from "./stats.ts";
import { type UiTemplate, uiTemplate, uiTraceIdHex } from "./ui-dataset.ts";
import { startUiApi } from "./ui-servers.ts";
import { generateTrace } from "./ui-traces.ts";

const TEMPLATES = 16;
const TRACES_PER_REQUEST = 120;
const WINDOW_MS = 2 * 3_600_000;
const CONCURRENCY = 8;
/** The tables keep 7 days; older data would be partly dropped. (Views of older data pin their time range.) */
const MAX_REUSE_AGE_MS = 6 * 86_400_000;

export interface UiManifest {
  targetSpans: number;
  spans: number;
  logs: number;
  metricPoints: number;
  requests: number;
  traceSizes: number[][];
  startMs: number;
  endMs: number;
  loadedAt: string;
}

export async function storedRows(t: ClickHouseTransport): Promise<{ spans: number; logs: number; points: number }> {
  const [row] = await t.query<{ spans: string; logs: string; points: string }>(
    sql`SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM otel_logs) AS logs,
      (SELECT count() FROM otel_metrics_histogram) AS points`,
  );
  return { spans: Number(row?.spans ?? 0), logs: Number(row?.logs ?? 0), points: Number(row?.points ?? 0) };
}

/** The manifest of a directory that can be reused, or why it cannot. */
async function checkReuse(dir: string, targetSpans: number): Promise<string | UiManifest> {
  const path = join(dir, "bench-ui-manifest.json");
  if (!existsSync(path)) return "no data set there yet";
  const m = JSON.parse(readFileSync(path, "utf8")) as UiManifest;
  if (m.targetSpans !== targetSpans) return `it holds ${fmt(m.targetSpans, 0)} spans, not ${fmt(targetSpans, 0)}`;
  const age = Date.now() - m.endMs;
  if (age > MAX_REUSE_AGE_MS)
    return `it was loaded ${fmt(age / 60_000, 0)} min ago (the "last hour" views need newer data)`;
  const t = openChdbTransport(join(dir, "clickhouse"));
  try {
    const rows = await storedRows(t);
    if (rows.spans !== m.spans || rows.logs !== m.logs)
      return `row counts differ from its manifest (${fmt(rows.spans, 0)} spans, ${fmt(rows.logs, 0)} logs stored)`;
    await waitForMerges(t);
  } finally {
    await t.close();
  }
  return m;
}

export async function prepareData(dir: string, targetSpans: number): Promise<UiManifest> {
  const reuse = await checkReuse(dir, targetSpans);
  if (typeof reuse !== "string") {
    const age = (Date.now() - reuse.endMs) / 60_000;
    console.log(
      `data: reusing ${dir} (${fmt(reuse.spans, 0)} spans, ${fmt(reuse.logs, 0)} logs, loaded ${fmt(age, 0)} min ago; ` +
        `row counts match its manifest). Delete the directory to reload.`,
    );
    return reuse;
  }
  console.log(`data: loading ${dir} afresh: ${reuse}`);
  // Sizes first (cheap), to know how many requests make the target and so each one's time slice.
  let perCycle = 0;
  for (let s = 1; s <= TEMPLATES; s++)
    for (let t = 0; t < TRACES_PER_REQUEST; t++) perCycle += generateTrace(s, t).length;
  const requests = Math.max(1, Math.round(targetSpans / (perCycle / TEMPLATES)));
  const sliceMs = WINDOW_MS / requests;
  const templates: UiTemplate[] = Array.from({ length: TEMPLATES }, (_, i) =>
    uiTemplate(i + 1, TRACES_PER_REQUEST, sliceMs * 1e6),
  );
  const endMs = Date.now() - 5_000;
  const startMs = endMs - WINDOW_MS;
  const baseNs = (k: number) => BigInt(Math.round(startMs + k * sliceMs)) * 1_000_000n;
  const total = (pick: (t: UiTemplate) => number) => {
    let n = 0;
    for (let k = 0; k < requests; k++) n += pick(templates[k % TEMPLATES]!);
    return n;
  };
  const expected = { spans: total((t) => t.spans.items), logs: total((t) => t.logs.items) };

  rmSync(dir, { recursive: true, force: true });
  const api = await startUiApi(dir);
  try {
    for (const [signal, pick] of [
      ["traces", (t: UiTemplate) => t.spans],
      ["logs", (t: UiTemplate) => t.logs],
      ["metrics", (t: UiTemplate) => t.metrics],
    ] as const) {
      const bar = new ProgressBar(
        signal === "metrics" ? "histogram points" : signal === "traces" ? "spans" : "logs",
        total((t) => pick(t).items),
      );
      const result = await runLoad({
        url: `${api.otlpHttp}/v1/${signal}`,
        templates: templates.map(pick),
        requests,
        concurrency: CONCURRENCY,
        baseNs,
        onProgress: (n) => bar.update(n),
      });
      bar.done();
      console.log(
        `  ${signal}: ${fmt(result.acknowledgedItems, 0)} items in ${fmt(result.seconds, 1)} s = ` +
          `${fmt(result.acknowledgedItems / result.seconds, 0)}/s, refused ${result.refused}, failed ${result.failed}`,
      );
      for (const e of result.errors) console.log(`  error: ${e}`);
      if (result.failed > 0 || result.refused > 0) throw new Error(`${signal}: not every request was stored`);
    }
  } finally {
    await api.stop();
  }
  const t = openChdbTransport(join(dir, "clickhouse"));
  let rows: { spans: number; logs: number; points: number };
  try {
    await waitForMerges(t);
    rows = await storedRows(t);
  } finally {
    await t.close();
  }
  console.log(
    `stored: ${fmt(rows.spans, 0)} spans, ${fmt(rows.logs, 0)} logs, ${fmt(rows.points, 0)} histogram points`,
  );
  if (rows.spans !== expected.spans || rows.logs !== expected.logs)
    throw new Error(
      `stored rows differ from what was sent (${fmt(expected.spans, 0)} spans, ${fmt(expected.logs, 0)} logs)`,
    );
  const manifest: UiManifest = {
    targetSpans,
    spans: rows.spans,
    logs: rows.logs,
    metricPoints: rows.points,
    requests,
    traceSizes: templates.map((t) => t.traceSizes),
    startMs,
    endMs,
    loadedAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, "bench-ui-manifest.json"), JSON.stringify(manifest));
  return manifest;
}

/**
 * Trace IDs of `count` different traces with `spans` spans, from the newest ~10 minutes of
 * the data set (so their logs are in the default "last hour" too).
 */
export function tracesWithSpans(m: UiManifest, spans: number, count: number): string[] {
  const ids: string[] = [];
  const recent = Math.ceil(m.requests * (10 / 120));
  for (let k = m.requests - recent; k < m.requests && ids.length < count; k++) {
    const sizes = m.traceSizes[k % m.traceSizes.length]!;
    const t = sizes.indexOf(spans);
    if (t >= 0) ids.push(uiTraceIdHex((k % m.traceSizes.length) + 1, t, k));
  }
  return ids;
}
