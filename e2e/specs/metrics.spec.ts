// The metric explorer: pick the scenario's histogram and the chart draws its series.
import { expect, test } from "../fixtures.ts";
import { colouredPixels } from "../pages/chart.ts";

test("picking the checkout duration histogram draws a chart", async ({ page, scenario, step, metricsPage }) => {
  const { name } = scenario.histogram;

  await step("open the metric explorer", async () => {
    await metricsPage.goto();
    await expect(metricsPage.metricSelect).toBeVisible();
  });

  await step(`pick ${name}`, async () => {
    await metricsPage.pickMetric(name);
    await expect(page).toHaveURL(new RegExp(`[?&]metric=${name.replaceAll(".", "\\.")}`));
    await expect(metricsPage.chart).toBeVisible();
  });

  await step("the chart's canvas has the series drawn", async () => {
    // Axes and labels are grey; a drawn series is in a saturated colour.
    await expect
      .poll(() => colouredPixels(metricsPage.chart), { message: "coloured pixels on metric-chart" })
      .toBeGreaterThan(100);
  });
});
