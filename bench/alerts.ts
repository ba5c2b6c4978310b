// `npm run bench:alerts`: the alert evaluator's cycle time, read from outside as an operator
// reads it, beside two baselines from the same run. With 5 M metric points stored (20 services
// × 6 pods, histograms, counters and gauges every 10 s over ~2 h, plus logs and the exemplars'
// traces; ./data/bench-alerts, reused while it still ends ahead of the run), the api runs as
// users run it (the test kit's child process, every role, a fresh SQLite metadata database)
// and its own evaluator runs every interval on the real clock, with notifications delivered to
// a local webhook. Each cycle's duration is read from GET /api/v1/status (lastCycleAt,
// lastCycleMs: what the evaluator records when a cycle ends). In order:
//   1. the first 100 rules are created through the API and cycles measured (scaling baseline);
//   2. the rest are created and cycles measured again;
//   3. naive baseline: the rules are deleted, and each one's query is sent through the query
//      API one at a time (alerts-baseline.ts); the sum is what one query per rule costs.
// The data is placed so that the measured cycles fall in its last minutes, where two incidents
// start. Prints figures; asserts nothing.
//
// Env: BENCH_ALERTS_POINTS (5,000,000), BENCH_ALERTS_RULES (1,000), BENCH_ALERTS_SCALE_RULES
// (100), BENCH_ALERTS_CYCLES (6 measured after one warm-up, per rule count),
// BENCH_ALERTS_BASELINE_PASSES (2, after a warm-up over the first 100 rules),
// BENCH_ALERTS_INTERVAL_S (30, ALERT_EVAL_INTERVAL_S's default), BENCH_DATA_DIR (./data/bench-alerts).
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { StatusResponse } from "@tracelight/contracts";
import { ProgressBar } from "@tracelight/progress-bar";
import { startWebhookReceiver } from "@tracelight/testkit";
import { serialPass } from "./lib/alerts-baseline.ts";
import { type Cycle, watchCycles } from "./lib/alerts-cycles.ts";
import { prepareAlertsData } from "./lib/alerts-data.ts";
import { SERIES, SERVICES, TICK_MS } from "./lib/alerts-dataset.ts";
import { alertRules, type RuleBody } from "./lib/alerts-rules.ts";
import { startApi } from "./lib/api-process.ts";
import { fmt, percentile } from "./lib/stats.ts";

const root = join(import.meta.dirname, "..");
const POINTS = Number(process.env.BENCH_ALERTS_POINTS ?? 5_000_000);
const RULES = Number(process.env.BENCH_ALERTS_RULES ?? 1000);
const SCALE_RULES = Math.min(RULES, Number(process.env.BENCH_ALERTS_SCALE_RULES ?? 100));
const CYCLES = Math.max(1, Number(process.env.BENCH_ALERTS_CYCLES ?? 6));
const PASSES = Math.max(1, Number(process.env.BENCH_ALERTS_BASELINE_PASSES ?? 2));
const INTERVAL_MS = Number(process.env.BENCH_ALERTS_INTERVAL_S ?? 30) * 1000;
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench-alerts");
const GOAL_MS = 10_000;
/** A guess at a rule's creation on a busy machine. */
const CREATE_MS = 40;
/** The evaluator waits its interval after a cycle ends: cycles start up to the goal's length further apart. */
const SPACING_MS = INTERVAL_MS + GOAL_MS;
/** A guess at what comes before the last counted cycles: the api's start, the rules, the first rules' cycles. */
const AHEAD_MS = 60_000 + RULES * CREATE_MS + (SCALE_RULES < RULES ? 2 : 1) * (CYCLES + 2) * SPACING_MS;
const started = performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const s = (ms: number) => `${fmt(ms / 1000, 2)} s`;
const row = (cols: string[], widths: number[]) =>
  console.log(cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

console.log(
  `bench:alerts — ${fmt(RULES, 0)} rules (and ${fmt(SCALE_RULES, 0)} first) over ${fmt(POINTS, 0)} stored metric points; ` +
    `${CYCLES} measured cycles each ${INTERVAL_MS / 1000} s after the last, after a warm-up; goal ≤ ${GOAL_MS / 1000} s per cycle`,
);
console.log(`note: a 2-core machine; figures taken while other work runs here are noisy. Load average now: ${load()}`);
const manifest = await prepareAlertsData(DATA_DIR, POINTS, AHEAD_MS);
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

try {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api.api}/api/v1${path}`, {
      method,
      headers: { ...api.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const channels = await Promise.all(
    ["oncall", "payments-team", "platform"].map((name) =>
      call<{ id: string }>("POST", "/channels", { name, type: "webhook", url: `${receiver.url}/hook/${name}` }),
    ),
  );
  const bodies = alertRules(RULES);
  const kinds = new Map<string, number>();
  for (const b of bodies) {
    const key = b.kind === "logs" ? "log count" : String((b.query as { aggregation: string }).aggregation);
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  const count = (f: (b: RuleBody) => unknown) => bodies.filter(f).length;
  console.log(
    `rules: ${fmt(RULES, 0)} (${count((b) => (b.query as { groupBy?: string[] }).groupBy?.length)} with groupBy, ` +
      `${count((b) => ((b.condition as { for?: string }).for ?? "0s") !== "0s")} with a for-duration, ` +
      `${count((b) => (b.condition as { nOfM?: unknown }).nOfM)} N of M, ${count((b) => b.channel)} with a webhook); ` +
      `by aggregation: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`,
  );

  const ids: string[] = [];
  const create = async (upTo: number) => {
    const bar = new ProgressBar("rules", upTo);
    const t0 = performance.now();
    const from = ids.length;
    while (ids.length < upTo) {
      const { channel, ...body } = bodies[ids.length]!;
      const channelIds = channel ? [channels[ids.length % channels.length]!.id] : [];
      ids.push((await call<{ id: string }>("POST", "/alert-rules", { ...body, channelIds })).id);
      bar.update(ids.length);
    }
    bar.done();
    console.log(
      `rules: ${fmt(upTo - from, 0)} created through POST /api/v1/alert-rules in ${s(performance.now() - t0)}`,
    );
  };
  const measure = async (rules: number, firstFrom: number): Promise<Cycle[]> => {
    console.log(
      `cycles with ${fmt(rules, 0)} rules: counting those that start after ${rel(Math.max(firstFrom, Date.now()))} relative to the data's last tick`,
    );
    const cycles = await watchCycles(() => call<StatusResponse>("GET", "/status"), {
      firstFrom,
      count: CYCLES + 1,
      intervalMs: SPACING_MS,
      onCycle: (c, i) =>
        process.stderr.write(
          `${fmt(rules, 0)} rules: ${i === 0 ? "warm-up" : `cycle ${i}/${CYCLES}`} ${s(c.ms)} at ${rel(c.from)} (load average ${load()})\n`,
        ),
    });
    const late = cycles.slice(1).filter((c) => c.from > manifest.endMs).length;
    if (late > 0)
      console.log(
        `note: ${late} of these cycles started after the data's last tick (setup took longer than guessed), ` +
          "where windows hold less data and fewer rules fire",
      );
    return cycles;
  };

  // 1. The first rules alone, early enough that the rest and their cycles still come before the data's end.
  const runs: { rules: number; cycles: Cycle[] }[] = [];
  if (SCALE_RULES < RULES) {
    await create(SCALE_RULES);
    const later = (RULES - SCALE_RULES) * CREATE_MS + (CYCLES + 1) * SPACING_MS;
    runs.push({
      rules: SCALE_RULES,
      cycles: await measure(SCALE_RULES, Math.max(Date.now(), manifest.endMs - later - (CYCLES + 1) * SPACING_MS)),
    });
  }
  // 2. All of them: the last counted cycle near the data's end, as the incidents there unfold
  // (checkout/payments/orders' began 15 min before it, search/inventory's 3 min before).
  await create(RULES);
  const before = receiver.received.length;
  const all = await measure(RULES, Math.max(Date.now(), manifest.endMs - (CYCLES + 1) * SPACING_MS));
  runs.push({ rules: RULES, cycles: all });
  // Deliveries of the last cycle arrive after it ends.
  await new Promise((r) => setTimeout(r, 2_000));
  const delivered = receiver.received.filter((_, i) => i >= before).length;

  // 3. The naive baseline once the rules are gone (the evaluator's cycles are empty then): its
  // windows end on a 5-minute boundary near the data's end, so each is one bucket of the answer.
  const removing = performance.now();
  for (const id of ids) await call("DELETE", `/alert-rules/${id}`);
  console.log(`rules: ${fmt(ids.length, 0)} deleted in ${s(performance.now() - removing)}`);
  const at = Math.floor((manifest.endMs - INTERVAL_MS) / 300_000) * 300_000;
  const get = (path: string) => call("GET", path);
  await serialPass(get, bodies.slice(0, SCALE_RULES), at, "baseline warm-up");
  const passes: number[][] = [];
  for (let p = 1; p <= PASSES; p++) passes.push(await serialPass(get, bodies, at, `baseline pass ${p}/${PASSES}`));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const naive = (n: number) => sorted(passes.map((times) => sum(times.slice(0, n))));
  const perQuery = sorted(passes.flat());
  console.log(
    `baseline: each rule's query through the query API, one at a time, windows ending ${rel(at)}: ` +
      `per query p50 ${fmt(percentile(perQuery, 50), 1)} ms, p90 ${fmt(percentile(perQuery, 90), 1)} ms, max ${fmt(percentile(perQuery, 100), 0)} ms`,
  );

  console.log("\neach cycle (as GET /api/v1/status reports it)");
  const widths = [8, 10, 9, 9];
  row(["rules", "cycle", "start", "total"], widths);
  for (const r of runs)
    for (const [i, c] of r.cycles.entries())
      row([fmt(r.rules, 0), i === 0 ? "warm-up" : String(i), rel(c.from), s(c.ms)], widths);

  console.log(
    `\ncycles and baselines (baseline: the same rules' queries one at a time through the query API, ${PASSES === 1 ? "1 pass" : `${PASSES} passes`})`,
  );
  const table = [34, 6, 9, 9, 8, 9];
  row(["case", "rules", "p50", "max", "ms/rule", "ratio"], table);
  const perRule: number[] = [];
  for (const r of runs) {
    const base = naive(r.rules);
    const measured = sorted(r.cycles.slice(1).map((c) => c.ms));
    const p50 = percentile(measured, 50);
    const b50 = percentile(base, 50);
    perRule.push(p50 / r.rules);
    row(
      [
        "one query per rule, in turn",
        fmt(r.rules, 0),
        s(b50),
        s(base[base.length - 1]!),
        fmt(b50 / r.rules, 1),
        "1.00",
      ],
      table,
    );
    row(
      [
        "evaluator cycle",
        fmt(r.rules, 0),
        s(p50),
        s(measured[measured.length - 1]!),
        fmt(p50 / r.rules, 1),
        fmt(p50 / b50, 2),
      ],
      table,
    );
  }
  if (runs.length === 2)
    console.log(
      `scaling: ${fmt(RULES, 0)} rules cost ${fmt(perRule[1]! / perRule[0]!, 2)}× the cycle time per rule of ${fmt(SCALE_RULES, 0)}`,
    );

  const measured = sorted(all.slice(1).map((c) => c.ms));
  const worst = measured[measured.length - 1]!;
  console.log(
    `\ndata: ${fmt(manifest.points, 0)} metric points in ${SERIES} series (${SERVICES.length} services, ${manifest.ticks} ticks of ${TICK_MS / 1000} s), ` +
      `${fmt(manifest.spans, 0)} spans, ${fmt(manifest.logs, 0)} logs`,
  );
  console.log(
    `webhook: ${fmt(delivered, 0)} notifications received during the ${fmt(RULES, 0)}-rule cycles ` +
      `(${fmt(receiver.received.length, 0)} in all, answered 200)`,
  );
  console.log(
    `goal: ≤ ${GOAL_MS / 1000} s per cycle with ${fmt(RULES, 0)} rules: ${worst <= GOAL_MS ? "met" : "MISSED"} ` +
      `(p50 ${s(percentile(measured, 50))}, p90 ${s(percentile(measured, 90))}, max ${s(worst)}; warm-up ${s(all[0]!.ms)})`,
  );
} finally {
  await api.stop();
  await receiver.close();
}
console.log(
  `\nbench:alerts took ${fmt((performance.now() - started) / 1000, 0)} s; load average at the end ${load()} ` +
    "(figures taken while other work ran are noisy; rerun when the machine is quiet).",
);
