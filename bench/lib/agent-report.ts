// Figures of `npm run bench:agent` from its rounds: per-round progress lines, the summary table
// and one line per goal. Medians over rounds, with the spread (min–max) beside them.
import type { Events, RoundResult } from "./agent-rounds.ts";
import { fmt, percentile } from "./stats.ts";

export const GOALS = { throughputRatio: 0.97, agentCpuPercent: 2 };

export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const withSpread = (xs: number[], digits: number, unit = "") =>
  `${fmt(median(xs), digits)}${unit}` +
  (xs.length > 1 ? ` [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]` : "");
const signed = (x: number, digits: number) => `${x >= 0 ? "+" : ""}${fmt(x, digits)}`;

export const rps = (r: RoundResult) => r.wrk.requests / r.wrk.seconds;
export const appUsPerRequest = (r: RoundResult) => r.appCpuNs / 1000 / r.served;
const coreUsPerRequest = (r: RoundResult) => r.appCoreBusyNs / 1000 / r.served;
const percentOfCore = (ns: number, r: RoundResult) => (100 * ns) / r.windowNs;
/** Other processes' CPU on the two cores during the round, % of one core. */
export const otherPercent = (r: RoundResult) => percentOfCore(r.otherNs, r);
export const agentPercent = (r: RoundResult) => percentOfCore(r.agentNodeNs + r.agentLoaderNs, r);

/** Requests served while the agent ran that its RED histogram did not count. */
export const uncounted = (e: Events) => e.served - e.redCount;
/** Spans the agent built that did not reach the receiver. */
export const lostSpans = (e: Events) => e.spansBuilt - e.spansReceived;

export function roundLine(label: string, r: RoundResult, baseline: RoundResult | undefined): string {
  const parts = [
    `${label} ${r.kind.padEnd(8)}: ${fmt(rps(r), 0)} req/s`,
    `app ${fmt(appUsPerRequest(r), 1)} µs/req (its core ${fmt(coreUsPerRequest(r), 1)})`,
    `app core ${fmt(percentOfCore(r.appCoreBusyNs, r), 0)} %, load core ${fmt(percentOfCore(r.loadCoreBusyNs, r), 0)} %`,
    `p50 ${fmt(r.wrk.p50Ms, 2)} p99 ${fmt(r.wrk.p99Ms, 2)} ms`,
    `wrk ${fmt(percentOfCore(r.wrkCpuNs, r), 0)} %, other work ${fmt(otherPercent(r), 1)} %` +
      (otherPercent(r) >= 1 ? ` (most: ${r.otherBusiest})` : ""),
  ];
  if (r.wrk.errors > 0) parts.push(`${r.wrk.errors} wrk errors`);
  if (baseline) parts.push(`ratio ${fmt(rps(r) / rps(baseline), 3)}`);
  if (r.kind === "probes") parts.push(`loader ${fmt(percentOfCore(r.agentLoaderNs, r), 2)} % of a core`);
  if (r.events) {
    const e = r.events;
    parts.push(
      `agent ${fmt(agentPercent(r), 2)} % of a core (node ${fmt(percentOfCore(r.agentNodeNs, r), 2)}, loader ${fmt(percentOfCore(r.agentLoaderNs, r), 2)})`,
      `${fmt(e.redCount, 0)} counted and ${fmt(e.appServerSpans, 0)} server spans for ${fmt(e.served, 0)} requests, kernel drops ${fmt(e.kernelDrops, 0)}, exporter drops ${fmt(e.spansDropped, 0)}`,
    );
  }
  return parts.join("; ");
}

function sumEvents(results: RoundResult[]): Events {
  const total: Events = {
    served: 0,
    kernelHttp: 0,
    kernelDrops: 0,
    spansBuilt: 0,
    spansDropped: 0,
    spansReceived: 0,
    appServerSpans: 0,
    redCount: 0,
  };
  for (const r of results)
    if (r.events) for (const k of Object.keys(total) as (keyof Events)[]) total[k] += r.events[k];
  return total;
}

function eventsLine(label: string, rounds: number, e: Events): string {
  return (
    `  ${label} (${rounds} rounds): ${fmt(e.served, 0)} requests served; the kernel wrote ${fmt(e.kernelHttp, 0)} HTTP ` +
    `records (${fmt(e.kernelHttp / e.served, 2)} per request: the app's side and wrk's) and dropped ${fmt(e.kernelDrops, 0)}; ` +
    `the app's RED histogram counted ${fmt(e.redCount, 0)} (${fmt(uncounted(e), 0)} uncounted); ` +
    `the agent built ${fmt(e.spansBuilt, 0)} spans and dropped ${fmt(e.spansDropped, 0)}; ${fmt(e.spansReceived, 0)} spans ` +
    `arrived (${fmt(lostSpans(e), 0)} lost), ${fmt(e.appServerSpans, 0)} of them the app's server spans ` +
    `(${fmt(e.appServerSpans / e.served, 3)} per request)`
  );
}

export interface Summary {
  /** Flat out, app throughput with the agent / with the probes alone, per pair of rounds. */
  agentRatio: number[];
  probesRatio: number[];
  agentCpuAtRate: number[];
  /** Share of the kernel's HTTP records lost flat out with the agent. */
  saturationDropShare: number;
  saturationEvents: Events;
  rateEvents: Events;
}

type Side = RoundResult["kind"];
const SIDES: Side[] = ["baseline", "probes", "agent"];

const row = (cols: string[]) =>
  console.log(
    `  ${cols[0]!.padEnd(44)}${cols
      .slice(1, 4)
      .map((c) => c.padStart(24))
      .join("")}  ${cols[4] ?? ""}`,
  );

/** One phase's rows: each side's median [min–max] and the change against the baseline's pairs. */
function phaseRows(label: string, rounds: RoundResult[]) {
  const bySide = new Map(SIDES.map((s) => [s, rounds.filter((r) => r.kind === s)]));
  const base = bySide.get("baseline")!;
  const sides = SIDES.filter((s) => bySide.get(s)!.length > 0);
  /** Per pair of rounds, `f` of the side against the baseline of the same round. */
  const vsBase = (side: Side, f: (b: RoundResult, x: RoundResult) => number) =>
    bySide.get(side)!.map((x, i) => f(base[i]!, x));
  const cells = (f: (r: RoundResult) => number, digits: number, unit: string, from: Side = "baseline") =>
    SIDES.map((s) => {
      const rs = bySide.get(s)!;
      return rs.length > 0 && SIDES.indexOf(s) >= SIDES.indexOf(from) ? withSpread(rs.map(f), digits, unit) : "";
    });
  const changes = (f: (r: RoundResult) => number, digits: number, unit: string, relative: boolean) =>
    sides
      .filter((s) => s !== "baseline")
      .map((s) => {
        const delta = median(vsBase(s, (b, x) => f(x) - f(b)));
        const rel = median(vsBase(s, (b, x) => (100 * (f(x) - f(b))) / f(b)));
        return `${s} ${signed(delta, digits)}${unit}${relative ? ` (${signed(rel, 1)} %)` : ""}`;
      })
      .join(", ");
  return {
    bySide,
    vsBase,
    line(name: string, f: (r: RoundResult) => number, digits: number, unit = "", change?: "abs" | "rel") {
      row([`${label}: ${name}`, ...cells(f, digits, unit), change ? changes(f, digits, unit, change === "rel") : ""]);
    },
    agentLine(name: string, f: (r: RoundResult) => number, digits: number, unit = "") {
      row([`${label}: ${name}`, ...cells(f, digits, unit, "probes")]);
    },
  };
}

/** The table; each phase's rounds hold one result per side per round, in the same order. */
export function printSummary(rate: number, saturation: RoundResult[], paced: RoundResult[]): Summary {
  const at = `${fmt(rate, 0)} req/s`;
  const sat = phaseRows("flat out", saturation);
  const fixed = phaseRows(at, paced);
  const share = (ns: (r: RoundResult) => number) => (r: RoundResult) => percentOfCore(ns(r), r);

  console.log(
    "\nsummary (median of rounds [min–max]; change: median over rounds of the side minus that round's baseline)",
  );
  row(["", "baseline (no agent)", "probes only", "the agent", "change"]);
  const ratio = (side: Side) => sat.vsBase(side, (b, x) => rps(x) / rps(b));
  row([
    "flat out: app throughput, req/s",
    ...SIDES.map((s) => withSpread(sat.bySide.get(s)!.map(rps), 0)),
    `ratio: probes ${withSpread(ratio("probes"), 3)}, agent ${withSpread(ratio("agent"), 3)}`,
  ]);
  sat.line("app CPU per request", appUsPerRequest, 1, " µs", "abs");
  sat.line(
    "app's core busy",
    share((r) => r.appCoreBusyNs),
    0,
    " %",
  );
  sat.line(
    "wrk CPU, % of the load core",
    share((r) => r.wrkCpuNs),
    0,
    " %",
  );
  sat.agentLine("loader / agent CPU, % of a core", agentPercent, 1, " %");
  const satEvents = sumEvents(sat.bySide.get("agent")!);
  const dropShare = satEvents.kernelDrops / (satEvents.kernelDrops + satEvents.kernelHttp);
  row(["flat out: HTTP records the kernel dropped", "", "", `${fmt(100 * dropShare, 1)} %`]);
  fixed.line("achieved, req/s", rps, 0);
  fixed.line("app CPU per request", appUsPerRequest, 1, " µs", "rel");
  fixed.line("app's core busy per request", (r) => r.appCoreBusyNs / 1000 / r.served, 1, " µs", "rel");
  fixed.line("latency p50, ms", (r) => r.wrk.p50Ms, 2, "", "abs");
  fixed.line("latency p99, ms", (r) => r.wrk.p99Ms, 2, "", "abs");
  fixed.agentLine("loader / agent CPU, % of a core", agentPercent, 2, " %");
  fixed.agentLine(
    "of it the agent's node process",
    share((r) => r.agentNodeNs),
    2,
    " %",
  );
  fixed.agentLine(
    "of that its main thread (JavaScript)",
    share((r) => r.agentMainNs),
    2,
    " %",
  );
  fixed.agentLine(
    "loader / agent CPU per request",
    (r) => (r.agentNodeNs + r.agentLoaderNs) / 1000 / r.served,
    1,
    " µs",
  );
  row([
    "other processes' CPU, % of a core",
    ...SIDES.map((s) => withSpread([...sat.bySide.get(s)!, ...fixed.bySide.get(s)!].map(otherPercent), 1, " %")),
  ]);
  const rateEvents = sumEvents(fixed.bySide.get("agent")!);
  console.log("\nevents (rounds with the agent)");
  console.log(eventsLine(`at ${at}`, fixed.bySide.get("agent")!.length, rateEvents));
  console.log(eventsLine("flat out", sat.bySide.get("agent")!.length, satEvents));
  return {
    agentRatio: ratio("agent"),
    probesRatio: ratio("probes"),
    agentCpuAtRate: fixed.bySide.get("agent")!.map(agentPercent),
    saturationDropShare: dropShare,
    saturationEvents: satEvents,
    rateEvents,
  };
}

export function printGoals(rate: number, s: Summary): void {
  const agent = median(s.agentRatio);
  const probes = median(s.probesRatio);
  // Flat out the agent cannot keep up on the core wrk leaves it, and records the kernel drops
  // cost the application less than records delivered: the worse of the two ratios counts.
  const ratio = Math.min(agent, probes);
  const cpu = median(s.agentCpuAtRate);
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const lossLine = (label: string, e: Events, note: string) => {
    const drops = e.kernelDrops + e.spansDropped;
    const ok = drops === 0 && lostSpans(e) === 0 && uncounted(e) === 0;
    console.log(
      `  0 lost events ${label}: ${verdict(ok)} (${fmt(drops, 0)} dropped in the kernel or the exporter; ` +
        `${fmt(lostSpans(e), 0)} spans built but not received; ${fmt(uncounted(e), 0)} of ${fmt(e.served, 0)} requests ` +
        `not counted in the RED histogram)${note}`,
    );
  };
  console.log("\ngoals");
  console.log(
    `  app throughput ≥ ${GOALS.throughputRatio} of baseline, flat out: ${verdict(ratio >= GOALS.throughputRatio)} ` +
      `(median ratio with the probes alone ${fmt(probes, 3)} [${fmt(Math.min(...s.probesRatio), 3)}–${fmt(Math.max(...s.probesRatio), 3)}], ` +
      `with the agent ${fmt(agent, 3)} while the kernel dropped ${fmt(100 * s.saturationDropShare, 0)} % of the records; the lower counts)`,
  );
  console.log(
    `  agent CPU ≤ ${GOALS.agentCpuPercent} % of a core at ${fmt(rate, 0)} req/s: ${verdict(cpu <= GOALS.agentCpuPercent)} ` +
      `(median ${fmt(cpu, 2)} %, rounds ${fmt(Math.min(...s.agentCpuAtRate), 2)}–${fmt(Math.max(...s.agentCpuAtRate), 2)} %)`,
  );
  lossLine(`at ${fmt(rate, 0)} req/s`, s.rateEvents, "");
  lossLine("flat out", s.saturationEvents, "; there the agent gets only what wrk leaves of the load core");
}
