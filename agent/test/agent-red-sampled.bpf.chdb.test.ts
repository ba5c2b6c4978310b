// RED metrics count every request while spans are sampled, and spans lost in the kernel are
// counted and reported: the real loader and BPF programs on this kernel, a plain Node service,
// and a real api (embedded chDB). Needs root (CAP_BPF, CAP_PERFMON) and kernel BTF.
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MetricSeriesResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../src/agent.ts";
import { apiWait, bpfMissing, range, startAgentOnApi, startScript, type TestApi } from "./helpers.ts";

if (bpfMissing) console.warn(`\n!!! SKIPPING the agent's sampling tests: ${bpfMissing}\n`);

const SERVICE = `shop-sampled-${process.pid}`;

/** The loader the agent started (a child of this process). */
function loaderPid(): number {
  for (const tid of readdirSync(`/proc/${process.pid}/task`))
    for (const child of readFileSync(`/proc/${process.pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean))
      if (readFileSync(`/proc/${child}/comm`, "utf8").startsWith("tracelight-pro")) return Number(child);
  throw new Error("the agent's loader is not running");
}

describe.skipIf(bpfMissing !== undefined)("RED metrics while spans are sampled, on this kernel", () => {
  let api: TestApi;
  let agent: Agent;
  let shop: ChildProcess;
  let port: number;
  const logs: string[] = [];

  beforeAll(async () => {
    ({ api, agent } = await startAgentOnApi(["http"], logs, () => ({ TRACELIGHT_AGENT_SAMPLE_RATIO: "0.05" })));
    const started = await startScript<{ port: number }>(join(import.meta.dirname, "apps/shop.mjs"), {
      OTEL_SERVICE_NAME: SERVICE,
    });
    shop = started.child;
    port = started.ready.port;
  }, 180_000);

  afterAll(async () => {
    shop?.kill();
    await agent?.stop();
    await api?.close();
    if (logs.length) console.log(`agent log:\n  ${logs.join("\n  ")}`);
  });

  const countsByStatus = async () => {
    const r = await api.get<MetricSeriesResponse>(
      `/metrics/series?metric=http.server.request.duration&agg=count&groupBy=http.response.status_code&filter=service.name=${SERVICE}&${range()}`,
    );
    const out: Record<string, number> = {};
    for (const s of r.series)
      out[s.labels["http.response.status_code"] ?? "?"] = s.points.reduce((a, [, v]) => a + (v ?? 0), 0);
    return out;
  };

  it("counts every request by status exactly while most spans are sampled out", async () => {
    const statuses = { "200": 120, "500": 17, "404": 23 };
    for (let i = 0; i < statuses["200"]; i++) await fetch(`http://127.0.0.1:${port}/users/${i}`).then((r) => r.text());
    for (let i = 0; i < statuses["500"]; i++) await fetch(`http://127.0.0.1:${port}/fail`).then((r) => r.text());
    for (let i = 0; i < statuses["404"]; i++)
      await fetch(`http://127.0.0.1:${port}/nothing/${i}`).then((r) => r.text());
    const counted = await until(
      "every request counted",
      async () => {
        const c = await countsByStatus();
        return (c["200"] ?? 0) + (c["500"] ?? 0) + (c["404"] ?? 0) >= 160 ? c : undefined;
      },
      apiWait,
    );
    expect(counted).toEqual(statuses);
    await agent.exporter.flush();
    const { loader, spans } = agent.status();
    // Every 5xx server span is kept (the agent also sees the rest of the machine's HTTP, so
    // these counters are not the shop's alone).
    expect(spans).toBeGreaterThanOrEqual(17);
    expect(Number(loader?.httpSampledOut)).toBeGreaterThan(100);
    expect(loader?.httpDrops).toBe(0n);
  });

  it("counts the spans the kernel could not pass on, and reports them as the agent's metric", async () => {
    // A stalled loader: the kernel's 4 MiB ring buffer fills (a record here is ~330 bytes).
    const pid = loaderPid();
    process.kill(pid, "SIGSTOP");
    try {
      const keepAlive = Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 2500; i++) await fetch(`http://127.0.0.1:${port}/nothing`).then((r) => r.arrayBuffer());
      });
      await Promise.all(keepAlive);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    const drops = await until(
      "the loader's drop count",
      async () => {
        const d = agent.status().loader?.httpDrops ?? 0n;
        return d > 0n ? d : undefined;
      },
      apiWait,
    );
    const reported = await until(
      "the agent's lost spans metric",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=tracelight.agent.spans&agg=max&groupBy=outcome&${range()}`,
        );
        const lost = r.series.find((s) => s.labels.outcome === "lost_in_kernel");
        const max = Math.max(0, ...(lost?.points.map(([, v]) => v ?? 0) ?? []));
        return max >= Number(drops) ? max : undefined;
      },
      apiWait,
    );
    expect(reported).toBeGreaterThan(0);
  }, 120_000);
});
