// Without BPF privileges: the real loader, run as an unprivileged user (setpriv drops root and
// every capability), must leave every probe off with a reason the operator can act on; the
// agent says so once, does not restart the loader in a loop, and still ships /proc metrics to a
// real api.
import { existsSync } from "node:fs";
import type { MetricSeriesResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.ts";
import { parseConfig } from "../src/config.ts";
import { buildProbes } from "../src/probes/build.ts";
import { apiWait, range, repoRoot, startApi, type TestApi } from "./helpers.ts";

const config = (otlp: string) =>
  parseConfig(
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      TRACELIGHT_AGENT_EXPORT_INTERVAL_S: "1",
      // Every probe, the opt-in run-queue one too: each must say why it is off.
      TRACELIGHT_AGENT_PROBES: "http,tcp,runqlat",
    },
    repoRoot,
  );
const root = process.getuid?.() === 0;
// As root the loader is built here; otherwise it must have been built before (make -C bpf).
const missing =
  !root && !existsSync(config("http://x").loaderPath)
    ? "the loader is not built and building it needs root (run make -C bpf)"
    : undefined;
if (missing) console.warn(`\n!!! SKIPPING the agent's no-privilege test: ${missing}\n`);

describe.skipIf(missing !== undefined)("the agent without BPF privileges", () => {
  let api: TestApi;
  let agent: Agent;
  const logs: string[] = [];

  beforeAll(async () => {
    if (root) {
      const build = buildProbes(repoRoot, (line) => logs.push(line));
      if (!build.ok) throw new Error(`building the probes failed: ${build.reason}`);
    }
    api = await startApi();
    agent = new Agent({
      config: config(api.otlp),
      log: (line) => logs.push(line),
      // Not root already: the loader runs as this user.
      loaderWrapper: root
        ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
        : [],
    });
    agent.start();
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await api?.close();
  });

  it("turns every probe off with its reason, once, and does not restart the loader", async () => {
    const states = await until(
      "the loader to give up",
      async () => {
        const s = [...agent.status().probes.values()];
        return s.length === 3 && logs.some((l) => l.startsWith("loader stopped")) ? s : undefined;
      },
      apiWait,
    );
    for (const state of states) {
      expect(state.state).toBe("off");
      if (state.state === "off") expect(state.reason).toMatch(/permitted|EPERM|CAP_BPF|root/i);
    }
    for (const probe of ["http", "tcp", "runqlat"])
      expect(logs.filter((l) => l.startsWith(`probe ${probe}: off`))).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2000));
    expect(logs.filter((l) => l.startsWith("loader stopped"))).toHaveLength(1);
    expect(logs.some((l) => l.includes("restarting"))).toBe(false);
  });

  it("still ships host metrics from /proc", async () => {
    await until(
      "host CPU time from the agent",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=system.cpu.time&agg=rate&groupBy=cpu.mode&filter=service.name=tracelight-agent&${range()}`,
        );
        return r.series.some((s) => s.labels["cpu.mode"] === "user" && s.points.some(([, v]) => (v ?? 0) > 0))
          ? true
          : undefined;
      },
      apiWait,
    );
  });
});
