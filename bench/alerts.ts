// `npm run bench:alerts`: the alert evaluator's cycle time, read from outside as an operator
// reads it. With 5 M metric points stored (20 services × 6 pods, histograms, counters and gauges
// every 10 s over ~2 h, plus logs and the exemplars' traces; ./data/bench-alerts, reused while
// it still ends ahead of the run), the api runs as users run it (the test kit's child process,
// every role, a fresh SQLite metadata database), 1,000 rules are created through the query
// API, and the api's own evaluator runs every interval on the real clock, with notifications
// delivered to a local webhook. Each cycle's duration is read from GET /api/v1/status
// (lastCycleAt, lastCycleMs: what the evaluator records when a cycle ends). The data is placed
// so that the measured cycles fall in its last minutes, where two incidents start. Prints
// figures; asserts nothing.
//
// Env: BENCH_ALERTS_POINTS (5,000,000), BENCH_ALERTS_RULES (1,000), BENCH_ALERTS_CYCLES (6 measured
// after one warm-up), BENCH_ALERTS_INTERVAL_S (30, ALERT_EVAL_INTERVAL_S's default),
// BENCH_DATA_DIR (./data/bench-alerts).
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { StatusResponse } from "@tracelight/contracts";
import { startWebhookReceiver } from "@tracelight/testkit";
import { prepareAlertsData } from "./lib/alerts-data.ts";
import { SERIES, SERVICES, TICK_MS } from "./lib/alerts-dataset.ts";
import { alertRules } from "./lib/alerts-rules.ts";
import { startApi } from "./lib/api-process.ts";
import { fmt, ProgressBar, percentile } from "./lib/stats.ts";

const root = join(import.meta.dirname, "..");
const POINTS = Number(process.env.BENCH_ALERTS_POINTS ?? 5_000_000);
const RULES = Number(process.env.BENCH_ALERTS_RULES ?? 1000);
const CYCLES = Math.max(1, Number(process.env.BENCH_ALERTS_CYCLES ?? 6));
const INTERVAL_MS = Number(process.env.BENCH_ALERTS_INTERVAL_S ?? 30) * 1000;
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench-alerts");
const GOAL_MS = 10_000;
/** A guess at the api's start and the rules' creation, before the cycles that count. */
const SETUP_MS = 60_000 + RULES * 30;
const started = performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const s = (ms: number) => `${fmt(ms / 1000, 2)} s`;
const row = (cols: string[], widths: number[]) =>
  console.log(cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));

console.log(
  `bench:alerts — ${fmt(RULES, 0)} rules over ${fmt(POINTS, 0)} stored metric points; ${CYCLES} measured cycles ` +
    `${INTERVAL_MS / 1000} s apart after a warm-up; goal ≤ ${GOAL_MS / 1000} s per cycle`,
);
console.log(`note: a 2-core machine; figures taken while other work runs here are noisy. Load average now: ${load()}`);
const manifest = await prepareAlertsData(DATA_DIR, POINTS, SETUP_MS + (CYCLES + 2) * INTERVAL_MS);
const rel = (at: number) => `${at - manifest.endMs >= 0 ? "+" : "-"}${fmt(Math.abs(at - manifest.endMs) / 1000, 0)} s`;

// The webhook every notifying rule's channel points at: answers 200 at once.
const receiver = await startWebhookReceiver();
// A fresh metadata database per run, so every run starts from the same states.
const dbFile = join(DATA_DIR, "bench-alerts.db");
for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
const api = await startApi(DATA_DIR, {
  DATABASE_URL: `file:${dbFile}`,
  ALERT_EVAL_INTERVAL_S: String(INTERVAL_MS / 1000),
  // Its own metrics would add rows (and built-in rules) to what is measured.
  TRACELIGHT_SELF_METRICS_INTERVAL_S: "0",
});

interface Cycle {
  /** When it started and ended (epoch ms), and how long it took. */
  from: number;
  at: number;
  ms: number;
}

try {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api.api}/api/v1${path}`, {
      method,
      headers: { ...api.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const channels = await Promise.all(
    ["oncall", "payments-team", "platform"].map((name) =>
      call<{ id: string }>("POST", "/channels", { name, type: "webhook", url: `${receiver.url}/hook/${name}` }),
    ),
  );
  const bodies = alertRules(RULES);
  const bar = new ProgressBar("rules", bodies.length);
  const creating = performance.now();
  for (const [i, { channel, ...body }] of bodies.entries()) {
    const channelIds = channel ? [channels[i % channels.length]!.id] : [];
    await call("POST", "/alert-rules", { ...body, channelIds });
    bar.update(i + 1);
  }
  bar.done();
  const created = Date.now();
  const kinds = new Map<string, number>();
  for (const b of bodies) {
    const key = b.kind === "logs" ? "log count" : String((b.query as { aggregation: string }).aggregation);
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  const count = (f: (b: (typeof bodies)[number]) => unknown) => bodies.filter(f).length;
  console.log(
    `rules: ${fmt(RULES, 0)} created through POST /api/v1/alert-rules in ${s(performance.now() - creating)} ` +
      `(${count((b) => (b.query as { groupBy?: string[] }).groupBy?.length)} with groupBy, ` +
      `${count((b) => ((b.condition as { for?: string }).for ?? "0s") !== "0s")} with a for-duration, ` +
      `${count((b) => (b.condition as { nOfM?: unknown }).nOfM)} N of M, ${count((b) => b.channel)} with a webhook); ` +
      `by aggregation: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`,
  );

  // The cycles that count start with every rule in place, in the data's last minutes: the last
  // measured one near its end, as the incidents there unfold.
  const firstFrom = Math.max(created, manifest.endMs - (CYCLES + 1) * INTERVAL_MS);
  console.log(
    `cycles: the api's evaluator runs every ${INTERVAL_MS / 1000} s; counting those that start after ${rel(firstFrom)} ` +
      "relative to the data's last tick (checkout/payments/orders' incident began 15 min before it, search/inventory's 3 min before)",
  );
  if (firstFrom + CYCLES * INTERVAL_MS > manifest.endMs) {
    console.log(
      "note: loading took longer than guessed, so the counted cycles come after the data's end, where windows hold " +
        "less data and nothing fires; run again: the next load is placed further ahead",
    );
  }
  const cycles: Cycle[] = [];
  let lastAt: number | null = null;
  let deliveredBefore = 0;
  const deadline = Math.max(Date.now(), firstFrom) + (CYCLES + 3) * (INTERVAL_MS + 60_000);
  while (cycles.length <= CYCLES) {
    if (Date.now() > deadline) throw new Error(`only ${cycles.length} of ${CYCLES + 1} cycles seen`);
    const { evaluator } = await call<StatusResponse>("GET", "/status");
    if (evaluator.lastError) throw new Error(`a cycle failed: ${evaluator.lastError}`);
    const { lastCycleAt: at, lastCycleMs: ms } = evaluator;
    if (at !== null && ms !== null && at !== lastAt) {
      lastAt = at;
      const cycle = { from: at - ms, at, ms };
      if (cycle.from >= firstFrom) {
        if (cycles.length === 0) deliveredBefore = receiver.received.length;
        cycles.push(cycle);
        const label = cycles.length === 1 ? "warm-up" : `cycle ${cycles.length - 1}/${CYCLES}`;
        process.stderr.write(`${label} ${s(ms)} at ${rel(cycle.from)} (load average ${load()})\n`);
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Deliveries of the last cycle arrive after it ends.
  await new Promise((r) => setTimeout(r, 2_000));

  console.log("\neach cycle (as GET /api/v1/status reports it)");
  const widths = [10, 9, 9];
  row(["cycle", "start", "total"], widths);
  for (const [i, c] of cycles.entries()) row([i === 0 ? "warm-up" : String(i), rel(c.from), s(c.ms)], widths);

  const measured = cycles
    .slice(1)
    .map((c) => c.ms)
    .sort((a, b) => a - b);
  const worst = measured[measured.length - 1]!;
  console.log(
    `\ndata: ${fmt(manifest.points, 0)} metric points in ${SERIES} series (${SERVICES.length} services, ${manifest.ticks} ticks of ${TICK_MS / 1000} s), ` +
      `${fmt(manifest.spans, 0)} spans, ${fmt(manifest.logs, 0)} logs`,
  );
  console.log(
    `webhook: ${fmt(receiver.received.length - deliveredBefore, 0)} notifications received from the counted cycles ` +
      `(${fmt(receiver.received.length, 0)} in all, answered 200)`,
  );
  console.log(
    `goal: ≤ ${GOAL_MS / 1000} s per cycle with ${fmt(RULES, 0)} rules: ${worst <= GOAL_MS ? "met" : "MISSED"} ` +
      `(p50 ${s(percentile(measured, 50))}, p90 ${s(percentile(measured, 90))}, max ${s(worst)}; warm-up ${s(cycles[0]!.ms)})`,
  );
} finally {
  await api.stop();
  await receiver.close();
}
console.log(
  `\nbench:alerts took ${fmt((performance.now() - started) / 1000, 0)} s; load average at the end ${load()} ` +
    "(figures taken while other work ran are noisy; rerun when the machine is quiet).",
);
