// Trace search from the URL: a duration floor and a status each find exactly the scenario's
// matching trace, and a result row opens the trace view. Sorting by duration covers the whole
// range: 1,000 traces over the last hour, the slowest 50 minutes ago, far from the newest 100.
import type { TraceSearchResponse } from "@tracelight/contracts";
import { expect, test } from "../fixtures.ts";
import { authHeaders } from "../support/api-auth.ts";
import { urls } from "../support/env.ts";
import { Telemetry } from "../support/otel.ts";
import { traceOfKind } from "../support/scenario-types.ts";

// Its own service, all under 1 s and none failing, so the scenario's searches above keep
// finding exactly their one trace.
const HOUR_SERVICE = "inventory";
const HOUR_TRACES = 1000;

/** Sends the hour of traces through the real SDK; returns the slowest one's ID. */
async function sendHour(nowMs: number): Promise<string> {
  const telemetry = new Telemetry(urls.otlpHttp);
  const { tracer } = telemetry.service(HOUR_SERVICE);
  let slowest = "";
  for (let i = 0; i < HOUR_TRACES; i++) {
    const startMs = nowMs - 58 * 60_000 + i * 3_400;
    const isSlowest = i === 140; // 50 minutes ago
    const span = tracer.startSpan("GET /stock", { startTime: startMs });
    span.end(startMs + (isSlowest ? 950 : 5 + ((i * 37) % 600)));
    if (isSlowest) slowest = span.spanContext().traceId;
  }
  await telemetry.shutdown();
  return slowest;
}

async function waitForHour(nowMs: number): Promise<void> {
  const url = `${urls.api}/api/v1/traces?service=${HOUR_SERVICE}&from=${nowMs - 3_600_000}&to=${nowMs}&limit=${HOUR_TRACES}`;
  await expect
    .poll(
      async () => ((await (await fetch(url, { headers: authHeaders() })).json()) as TraceSearchResponse).traces.length,
      { timeout: 30_000 },
    )
    .toBe(HOUR_TRACES);
}

test("sort by duration finds the slowest trace of the hour, 50 minutes ago", async ({ page, step, tracesPage }) => {
  const nowMs = Date.now();
  const slowest = await step("send 1,000 traces over the last hour", async () => {
    const id = await sendHour(nowMs);
    await waitForHour(nowMs);
    return id;
  });

  await step("newest first: the list holds the newest 100, not the slowest", async () => {
    await tracesPage.goto(`?service=${HOUR_SERVICE}`);
    await expect(tracesPage.rows).toHaveCount(100);
    expect(await tracesPage.rowTraceIds()).not.toContain(slowest);
  });

  await step("the scatter covers the whole hour and shows the slowest trace", async () => {
    await expect.poll(async () => (await tracesPage.scatterDots()).map((d) => d.traceId)).toContain(slowest);
    const dots = await tracesPage.scatterDots();
    const box = await tracesPage.scatter.boundingBox();
    const xs = dots.map((d) => d.x / (box?.width ?? 1));
    // The dots reach from the hour's first minutes to its last.
    expect(Math.min(...xs)).toBeLessThan(0.15);
    expect(Math.max(...xs)).toBeGreaterThan(0.85);
    const top = dots.reduce((a, b) => (b.y < a.y ? b : a));
    expect(top.traceId).toBe(slowest);
  });

  await step("sort by duration: the slowest trace of the hour comes first", async () => {
    await tracesPage.sortBy("duration");
    await expect(page).toHaveURL(/[?&]sort=duration(&|$)/);
    await expect(tracesPage.rows.first()).toHaveAttribute("data-trace-id", slowest);
    await expect(tracesPage.rows).toHaveCount(100);
  });

  await step("the URL keeps the sort", async () => {
    await page.reload();
    await expect(tracesPage.rows.first()).toHaveAttribute("data-trace-id", slowest);
    await tracesPage.sortBy("time");
    await expect(page).not.toHaveURL(/sort=/);
    await expect(tracesPage.rows.first()).not.toHaveAttribute("data-trace-id", slowest);
  });
});

test("slow traces: only the slow checkout is over one second", async ({
  page,
  scenario,
  step,
  tracesPage,
  tracePage,
}) => {
  const slow = traceOfKind(scenario, "slow");

  await step("search traces of at least 1000 ms", async () => {
    await tracesPage.goto("?minDurationMs=1000");
    await expect(tracesPage.form).toBeVisible();
    await expect(tracesPage.rows).toHaveCount(1);
    expect(await tracesPage.rowTraceIds()).toEqual([slow.traceId]);
  });

  await step("open the result", async () => {
    await tracesPage.rows.first().getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/traces/${slow.traceId}(\\?|$)`));
    await expect(tracePage.spanRows).toHaveCount(slow.spans.length);
  });
});

test("failed traces: only the failing checkout has errors", async ({ scenario, step, tracesPage }) => {
  const failing = traceOfKind(scenario, "error");
  await step("search traces with status Error", async () => {
    await tracesPage.goto("?status=Error");
    await expect(tracesPage.rows).toHaveCount(1);
    expect(await tracesPage.rowTraceIds()).toEqual([failing.traceId]);
  });
});
