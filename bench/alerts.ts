// `npm run bench:alerts`: the alert evaluator's cycle time. With 5 M metric points stored (20
// services × 6 pods, histograms, counters and gauges every 10 s over ~2 h, plus logs and the
// exemplars' traces; ./data/bench-alerts, reused when still valid), 1,000 rules created through
// the query API, the evaluator (AlertEvaluator.runCycle, in this process, on the service's own
// store transport and SQLite database) runs cycles 30 s apart at the end of the data, with
// notifications delivered by the real dispatcher to a local webhook. Baselines in the same run:
// the same cycles with one store query at a time, and with 100 rules. Prints figures; asserts
// nothing.
//
// Env: BENCH_ALERTS_POINTS (5,000,000), BENCH_ALERTS_RULES (1,000), BENCH_ALERTS_CYCLES (6 measured
// after one warm-up), BENCH_ALERTS_BASELINE_CYCLES (3), BENCH_ALERTS_SCALE_RULES (100),
// BENCH_DATA_DIR (./data/bench-alerts).
// Ports: webhook receiver 4240, the in-process service 4244-4246 (the loading api takes free ones).
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
// The api's internals, not its public entry (main.ts): the bench times AlertEvaluator.runCycle
// itself, which no route exposes.
import { AlertEvaluator, type CycleStats } from "../apps/api/src/alerts/evaluator.ts";
import { parseConfig } from "../apps/api/src/config.ts";
import { DeliveryDispatcher } from "../apps/api/src/notify/dispatcher.ts";
import { startService } from "../apps/api/src/service.ts";
import { prepareAlertsData, storedRows } from "./lib/alerts-data.ts";
import { SERIES, SERVICES, TICK_MS } from "./lib/alerts-dataset.ts";
import { CycleProbe, type QueryTotals } from "./lib/alerts-probe.ts";
import { alertRules } from "./lib/alerts-rules.ts";
import { BENCH_ADMIN_ENV, benchAuthorization } from "./lib/bench-admin.ts";
import { fmt, ProgressBar, percentile } from "./lib/stats.ts";

const root = join(import.meta.dirname, "..");
const POINTS = Number(process.env.BENCH_ALERTS_POINTS ?? 5_000_000);
const RULES = Number(process.env.BENCH_ALERTS_RULES ?? 1000);
const CYCLES = Math.max(1, Number(process.env.BENCH_ALERTS_CYCLES ?? 6));
const BASELINE_CYCLES = Math.min(CYCLES, Math.max(1, Number(process.env.BENCH_ALERTS_BASELINE_CYCLES ?? 3)));
const SCALE_RULES = Math.min(RULES, Number(process.env.BENCH_ALERTS_SCALE_RULES ?? 100));
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench-alerts");
const RECEIVER_PORT = 4240;
const SERVICE_PORTS = { api: 4244, otlpHttp: 4245, otlpGrpc: 4246 };
/** ALERT_EVAL_INTERVAL_S's default. */
const INTERVAL_MS = 30_000;
const GOAL_MS = 10_000;
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
const manifest = await prepareAlertsData(DATA_DIR, POINTS);

// The webhook every notifying rule's channel points at: answers 200 at once.
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve, reject) => {
  receiver.once("error", reject);
  receiver.listen(RECEIVER_PORT, "127.0.0.1", resolve);
});

// A fresh metadata database per run, so every run starts from the same states.
const dbFile = join(DATA_DIR, "bench-alerts.db");
for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
const config = parseConfig(
  {
    TRACELIGHT_DATA_DIR: DATA_DIR,
    TRACELIGHT_HOST: "127.0.0.1",
    API_PORT: String(SERVICE_PORTS.api),
    OTLP_HTTP_PORT: String(SERVICE_PORTS.otlpHttp),
    OTLP_GRPC_PORT: String(SERVICE_PORTS.otlpGrpc),
    DATABASE_URL: `file:${dbFile}`,
    ...BENCH_ADMIN_ENV,
  },
  ["--role", "query"],
);
const service = await startService(config);
const db = service.db;
if (db === undefined) throw new Error("the query role opens the metadata database");
const dispatcher = new DeliveryDispatcher({ prisma: db.prisma, publicUrl: config.alerts.publicUrl });

interface CycleResult {
  stats: CycleStats;
  at: number;
  notifications: number;
  loadMs: number;
  evaluateMs: number;
  writeMs: number;
  queries: Map<string, QueryTotals>;
}

interface RunResult {
  label: string;
  rules: number;
  warmup: CycleResult;
  cycles: CycleResult[];
}

const totalQueries = (c: CycleResult) => [...c.queries.values()].reduce((a, q) => a + q.n, 0);
const mean = (r: RunResult, f: (c: CycleResult) => number) => r.cycles.reduce((a, c) => a + f(c), 0) / r.cycles.length;
const sortedMs = (r: RunResult) => r.cycles.map((c) => c.stats.ms).sort((a, b) => a - b);

try {
  const origin = `http://127.0.0.1:${service.ports.api}`;
  const api = `${origin}/api/v1`;
  const authorization = await benchAuthorization(origin);
  const post = async (path: string, body: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${api}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...authorization },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const channels = await Promise.all(
    ["oncall", "payments-team", "platform"].map((name) =>
      post("/channels", { name, type: "webhook", url: `http://127.0.0.1:${RECEIVER_PORT}/hook/${name}` }),
    ),
  );
  const bodies = alertRules(RULES);
  const bar = new ProgressBar("rules", bodies.length);
  const creating = performance.now();
  const ruleIds: string[] = [];
  for (const [i, { channel, ...body }] of bodies.entries()) {
    const channelIds = channel ? [channels[i % channels.length]!.id] : [];
    ruleIds.push((await post("/alert-rules", { ...body, channelIds })).id);
    bar.update(i + 1);
  }
  bar.done();
  const kinds = new Map<string, number>();
  for (const b of bodies) {
    const key = b.kind === "logs" ? "log count" : String((b.query as { aggregation: string }).aggregation);
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  const count = (f: (b: (typeof bodies)[number]) => unknown) => bodies.filter(f).length;
  console.log(
    `rules: ${fmt(ruleIds.length, 0)} created through POST /api/v1/alert-rules in ${s(performance.now() - creating)} ` +
      `(${count((b) => (b.query as { groupBy?: string[] }).groupBy?.length)} with groupBy, ` +
      `${count((b) => ((b.condition as { for?: string }).for ?? "0s") !== "0s")} with a for-duration, ` +
      `${count((b) => (b.condition as { nOfM?: unknown }).nOfM)} N of M, ${count((b) => b.channel)} with a webhook); ` +
      `by aggregation: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`,
  );
  dispatcher.start();

  // Evaluation instants: 30 s apart, the last 5 s after the data's last tick; the warm-up first.
  const instants = Array.from({ length: CYCLES + 1 }, (_, i) => manifest.endMs + 5_000 - (CYCLES - i) * INTERVAL_MS);
  const rel = (at: number) =>
    `${at - manifest.endMs >= 0 ? "+" : "-"}${fmt(Math.abs(at - manifest.endMs) / 1000, 0)} s`;

  async function settleDeliveries(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if ((await db!.prisma.delivery.count({ where: { status: "pending" } })) === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function run(label: string, rules: number, concurrency: number, cycles: number): Promise<RunResult> {
    // Same starting point for every configuration: no states, events or deliveries; the first `rules` enabled.
    await settleDeliveries();
    await db!.prisma.alertEvent.deleteMany({});
    await db!.prisma.alertInstance.deleteMany({});
    await db!.prisma.delivery.deleteMany({});
    await db!.prisma.alertRule.updateMany({ data: { enabled: false } });
    for (let i = 0; i < rules; i += 500)
      await db!.prisma.alertRule.updateMany({
        where: { id: { in: ruleIds.slice(i, Math.min(rules, i + 500)) } },
        data: { enabled: true },
      });
    const probe = new CycleProbe();
    const evaluator = new AlertEvaluator({
      db: probe.database(db!),
      transport: probe.transport(service.transport),
      intervalMs: INTERVAL_MS,
      outbox: {
        enqueue: (tx, request) => {
          probe.notifications++;
          return dispatcher.enqueue(tx, request);
        },
        wake: () => dispatcher.wake(),
      },
      concurrency,
    });
    const one = async (at: number): Promise<CycleResult> => {
      probe.reset();
      const t0 = performance.now();
      const stats = await evaluator.runCycle(at);
      const t1 = performance.now();
      const txStart = probe.txStartedAt || t1;
      return {
        stats,
        at,
        notifications: probe.notifications,
        loadMs: probe.rulesLoadedAt - t0,
        evaluateMs: txStart - probe.rulesLoadedAt,
        writeMs: (probe.txEndedAt || t1) - txStart,
        queries: probe.queries,
      };
    };
    process.stderr.write(`${label}: warm-up cycle...\n`);
    const warmup = await one(instants[0]!);
    const results: CycleResult[] = [];
    for (let c = 1; c <= cycles; c++) {
      const r = await one(instants[c]!);
      results.push(r);
      process.stderr.write(`${label}: cycle ${c}/${cycles} ${s(r.stats.ms)} (load average ${load()})\n`);
    }
    return { label, rules, warmup, cycles: results };
  }

  console.log(
    `evaluating at the data's end: cycles at ${instants.map(rel).join(", ")} relative to its last tick ` +
      `(the incident on checkout/payments/orders started 15 min before, the one on search/inventory 3 min before)`,
  );
  console.log(`measuring (load average ${load()})...`);
  const main = await run(`${RULES} rules, concurrency 4 (default)`, RULES, 4, CYCLES);
  const serial = await run(`${RULES} rules, one query at a time`, RULES, 1, BASELINE_CYCLES);
  const scaled = SCALE_RULES < RULES ? await run(`${SCALE_RULES} rules, concurrency 4`, SCALE_RULES, 4, CYCLES) : null;
  const runs = [main, serial, ...(scaled ? [scaled] : [])];
  await settleDeliveries();

  console.log(`\n${main.label}: each cycle`);
  const widths = [10, 8, 9, 7, 9, 11, 8, 9, 9, 8, 9, 8];
  const head = ["cycle", "at", "total", "rules", "series", "transitions", "notify", "failed", "load", "evaluate"];
  row([...head, "write", "queries"], widths);
  for (const [i, c] of [main.warmup, ...main.cycles].entries()) {
    const { ms, rules, series, transitions, failedRules } = c.stats;
    row(
      [
        i === 0 ? "warm-up" : String(i),
        rel(c.at),
        s(ms),
        fmt(rules, 0),
        fmt(series, 0),
        fmt(transitions, 0),
        fmt(c.notifications, 0),
        fmt(failedRules, 0),
        s(c.loadMs),
        s(c.evaluateMs),
        s(c.writeMs),
        fmt(totalQueries(c), 0),
      ],
      widths,
    );
  }

  // Store queries by kind: with concurrency (times include waiting for the one chDB session),
  // and one at a time (the engine's own time per query).
  const breakdown = (r: RunResult, note: string) => {
    console.log(`\n${r.label}: store queries per measured cycle, by kind (${note})`);
    const byKind = new Map<string, QueryTotals>();
    for (const c of r.cycles)
      for (const [k, q] of c.queries) {
        const t = byKind.get(k) ?? { n: 0, ms: 0, max: 0 };
        byKind.set(k, { n: t.n + q.n, ms: t.ms + q.ms, max: Math.max(t.max, q.max) });
      }
    const allMs = [...byKind.values()].reduce((a, q) => a + q.ms, 0);
    const kw = [30, 8, 10, 10, 10, 7];
    row(["kind", "queries", "total", "mean", "max", "share"], kw);
    for (const [k, q] of [...byKind].sort((a, b) => b[1].ms - a[1].ms))
      row(
        [
          k,
          fmt(q.n / r.cycles.length, 0),
          s(q.ms / r.cycles.length),
          `${fmt(q.ms / q.n, 1)} ms`,
          `${fmt(q.max, 0)} ms`,
          `${fmt((100 * q.ms) / allMs, 0)} %`,
        ],
        kw,
      );
  };
  breakdown(main, "queries overlap, so the sum can exceed the evaluate phase");
  breakdown(serial, "one at a time: the engine's time per query");

  console.log("\nconfigurations (measured cycles; the same instants, each from empty states)");
  const cw = [34, 7, 9, 9, 9, 8, 8, 12, 8, 10, 9];
  row(["run", "cycles", "p50", "p90", "max", "queries", "series", "transitions", "notify", "store sum", "write"], cw);
  for (const r of runs) {
    const ms = sortedMs(r);
    const sum = (f: (c: CycleResult) => number) => r.cycles.reduce((a, c) => a + f(c), 0);
    row(
      [
        r.label,
        String(r.cycles.length),
        s(percentile(ms, 50)),
        s(percentile(ms, 90)),
        s(ms[ms.length - 1]!),
        fmt(mean(r, totalQueries), 0),
        fmt(
          mean(r, (c) => c.stats.series),
          0,
        ),
        fmt(
          sum((c) => c.stats.transitions),
          0,
        ),
        fmt(
          sum((c) => c.notifications),
          0,
        ),
        s(mean(r, (c) => [...c.queries.values()].reduce((a, q) => a + q.ms, 0))),
        s(mean(r, (c) => c.writeMs)),
      ],
      cw,
    );
  }
  if (scaled) {
    const [small, large] = [percentile(sortedMs(scaled), 50), percentile(sortedMs(main), 50)];
    console.log(
      `scaling: ${fmt(scaled.rules, 0)} → ${fmt(main.rules, 0)} rules (${fmt(main.rules / scaled.rules, 0)}x) takes ` +
        `${fmt(large / small, 1)}x the cycle time (p50 ${s(small)} → ${s(large)})`,
    );
  }

  const rows = await storedRows(service.transport);
  const mainMs = sortedMs(main);
  const worst = mainMs[mainMs.length - 1]!;
  console.log(
    `\ndata: ${fmt(rows.points, 0)} metric points in ${SERIES} series (${SERVICES.length} services, ${manifest.ticks} ticks of ${TICK_MS / 1000} s), ` +
      `${fmt(rows.exemplars, 0)} exemplars, ${fmt(rows.spans, 0)} spans, ${fmt(rows.logs, 0)} logs`,
  );
  console.log(`webhook: ${fmt(received, 0)} notifications received (answered 200)`);
  console.log(
    `goal: ≤ ${GOAL_MS / 1000} s per cycle with ${fmt(RULES, 0)} rules: ${worst <= GOAL_MS ? "met" : "MISSED"} ` +
      `(p50 ${s(percentile(mainMs, 50))}, p90 ${s(percentile(mainMs, 90))}, max ${s(worst)}; warm-up ${s(main.warmup.stats.ms)})`,
  );
} finally {
  await dispatcher.stop();
  await service.close();
  await new Promise((r) => receiver.close(r));
}
console.log(
  `\nbench:alerts took ${fmt((performance.now() - started) / 1000, 0)} s; load average at the end ${load()} ` +
    "(figures taken while other work ran are noisy; rerun when the machine is quiet).",
);
