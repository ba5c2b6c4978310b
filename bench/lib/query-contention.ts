// One lookup's latency over the api's HTTP in three conditions, side by side: idle, while 4
// slow searches run (each re-issued as soon as it ends, cancelled at the end by leaving), and
// while ingest runs at half the capacity measured just before. Issue 12's goal: p99 with the
// slow searches at most 2× the idle p99.
import { Agent } from "node:http";
import { stamp, type Template } from "./dataset.ts";
import { post, runLoad } from "./load.ts";
import { fmt, type LatencySummary, summarize } from "./stats.ts";

export interface ContentionPlan {
  api: string;
  /** The credentials every request carries (an API token). */
  headers: Record<string, string>;
  otlpHttp: string;
  /** The lookup measured; i picks a different target each time. */
  lookupPath: (i: number) => string;
  samples: number;
  slowPath: string;
  templates: Template[];
  itemsPerRequest: number;
  /** Where ingest's timestamps start (unix ns), so they stay inside the data set's window. */
  baseNs: bigint;
}

async function measure({ api, lookupPath: path, samples, headers }: ContentionPlan): Promise<LatencySummary> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const res = await fetch(`${api}${path(i)}`, { headers });
    if (!res.ok) throw new Error(`${path(i)}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return summarize(times);
}

async function whileSlowSearches(plan: ContentionPlan): Promise<{ lookup: LatencySummary; slowDone: number }> {
  const leave = new AbortController();
  let slowDone = 0;
  const loops = [1, 2, 3, 4].map(async () => {
    while (!leave.signal.aborted) {
      await fetch(`${plan.api}${plan.slowPath}`, { headers: plan.headers, signal: leave.signal })
        .then((r) => r.arrayBuffer())
        .then(
          () => slowDone++,
          () => {},
        );
    }
  });
  await new Promise((r) => setTimeout(r, 500)); // the searches reach the engine first
  try {
    return { lookup: await measure(plan), slowDone };
  } finally {
    leave.abort();
    await Promise.all(loops);
  }
}

async function whileIngesting(plan: ContentionPlan): Promise<{ lookup: LatencySummary; rate: number; target: number }> {
  // Sequences past the data set's, so the new spans get trace IDs of their own.
  let k = 10_000_000;
  const capacity = await runLoad({
    url: `${plan.otlpHttp}/v1/traces`,
    templates: plan.templates,
    requests: Number.MAX_SAFE_INTEGER,
    concurrency: 16,
    baseNs: (i) => plan.baseNs + BigInt(i) * 1_000_000n,
    deadlineMs: 10_000,
  });
  k += 1_000_000;
  const target = capacity.acknowledgedItems / capacity.seconds / 2;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(`${plan.otlpHttp}/v1/traces`);
  const intervalMs = (plan.itemsPerRequest / target) * 1000;
  let sent = 0;
  let stored = 0;
  const inFlight = new Set<Promise<unknown>>();
  const started = performance.now();
  const pacer = setInterval(() => {
    // Requests due by now at the target rate, whatever the timer's jitter.
    while (sent < (performance.now() - started) / intervalMs) {
      const template = plan.templates[sent % plan.templates.length]!;
      const body = stamp(template, k + sent, plan.baseNs + BigInt(sent) * 1_000_000n);
      sent++;
      const p = post(agent, url, body).then(({ status }) => {
        if (status === 200) stored += plan.itemsPerRequest;
      });
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
    }
  }, 5);
  try {
    const lookup = await measure(plan);
    return { lookup, rate: stored / ((performance.now() - started) / 1000), target };
  } finally {
    clearInterval(pacer);
    await Promise.allSettled(inFlight);
    agent.destroy();
  }
}

const cell = (s: LatencySummary) => `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)}`;

export async function reportContention(name: string, plan: ContentionPlan): Promise<void> {
  const idle = await measure(plan);
  const slow = await whileSlowSearches(plan);
  const ingest = await whileIngesting(plan);
  console.log(`\n${name}, p50 / p99 ms over HTTP (${plan.samples} samples each):`);
  console.log("idle | 4 slow searches | ingest at half capacity");
  console.log(`${cell(idle)} | ${cell(slow.lookup)} | ${cell(ingest.lookup)}`);
  console.log(
    `slow searches completed meanwhile: ${slow.slowDone}; ingest ${fmt(ingest.rate, 0)} spans/s stored (target ${fmt(ingest.target, 0)})`,
  );
  const ratio = slow.lookup.p99 / idle.p99;
  console.log(`p99 with slow searches / idle p99: ${fmt(ratio, 2)}x; goal <= 2x: ${ratio <= 2 ? "met" : "MISSED"}`);
}
