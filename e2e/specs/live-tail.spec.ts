// Live tail: with the toggle on, logs sent over OTLP after the page loaded appear in the list
// without a reload, streamed from /api/v1/logs/tail — and log search is not asked again.
import { randomUUID } from "node:crypto";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { expect, test } from "../fixtures.ts";
import { urls } from "../support/env.ts";
import { Telemetry } from "../support/otel.ts";

test("new logs stream in while live tail is on", async ({ page, step, logsPage }) => {
  const nonce = randomUUID().slice(0, 8);
  const bodies = [1, 2, 3].map((i) => `live tail probe ${nonce} line ${i}`);
  const tailRequests: string[] = [];
  const searchRequests: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path === "/api/v1/logs/tail") tailRequests.push(request.url());
    else if (path.startsWith("/api/v1/logs")) searchRequests.push(request.url());
  });

  await step("open log search for checkout", async () => {
    await logsPage.goto("?service=checkout");
    await expect(logsPage.liveTail).toBeVisible();
    // Gone if the page reloads: proves the new rows came without one.
    await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
  });

  await step("turn live tail on", async () => {
    await logsPage.liveTail.click();
    await expect.poll(() => tailRequests.length, { message: "a request to /api/v1/logs/tail" }).toBeGreaterThan(0);
    searchRequests.length = 0;
  });

  await step("send three logs over OTLP: they appear", async () => {
    const telemetry = new Telemetry(urls.otlpHttp);
    const { logger } = telemetry.service("checkout");
    for (const body of bodies) {
      logger.emit({ timestamp: Date.now(), severityNumber: SeverityNumber.INFO, severityText: "INFO", body });
    }
    await telemetry.shutdown();
    for (const body of bodies)
      await expect(logsPage.rows.filter({ hasText: body })).toHaveCount(1, { timeout: 30_000 });
    expect(await page.evaluate(() => "e2eSamePage" in window)).toBe(true);
    // Streamed, not polled: no log search or histogram query while tailing.
    expect(searchRequests).toEqual([]);
  });
});
