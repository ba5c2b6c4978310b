// The agent's own metrics and warnings reach a real api (embedded chDB) under service
// tracelight with component agent, and the user's metric catalogue leaves them out.
import type { MetricSeriesResponse, MetricsResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.ts";
import { parseConfig } from "../src/config.ts";
import { apiWait, range, repoRoot, startApi, type TestApi } from "./helpers.ts";

let api: TestApi;
let agent: Agent;

beforeAll(async () => {
  api = await startApi();
  const config = parseConfig(
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: api.otlp,
      TRACELIGHT_AGENT_EXPORT_INTERVAL_S: "1",
      TRACELIGHT_AGENT_PROBES: "none",
    },
    repoRoot,
  );
  agent = new Agent({ config, log: () => {} });
  agent.start();
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await api?.close();
});

describe("the agent's self-telemetry in the store", () => {
  it("its memory is a series of service tracelight, component agent", async () => {
    const series = await until(
      "the agent's RSS stored",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=tracelight.agent.memory.rss&agg=avg&groupBy=service.name,tracelight.component&${range()}`,
        );
        return r.series.length > 0 ? r.series : undefined;
      },
      apiWait,
    );
    expect(series.map((s) => s.labels)).toEqual([{ "service.name": "tracelight", "tracelight.component": "agent" }]);
  });

  it("is left out of the user's metric catalogue unless includeSelf=true", async () => {
    // The service list is built from spans, and the agent sends none of its own: the catalogue
    // is where its metrics would show.
    const names = async (query: string) =>
      (await api.get<MetricsResponse>(`/metrics?${range()}${query}`)).metrics.map((m) => m.name);
    expect(await names("&includeSelf=true")).toContain("tracelight.agent.memory.rss");
    expect(await names("")).not.toContain("tracelight.agent.memory.rss");
  });
});
