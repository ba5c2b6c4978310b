// Reading the ECharts host elements: exemplar dot pixels (data-exemplars) and the canvas.
import type { Locator } from "@playwright/test";

/** A dot's centre in CSS pixels from the chart element's top-left corner. */
export interface ExemplarPixel {
  x: number;
  y: number;
  traceId: string;
}

export async function readExemplars(chart: Locator): Promise<ExemplarPixel[]> {
  if ((await chart.count()) === 0) return [];
  const text = await chart.first().getAttribute("data-exemplars");
  return text ? (JSON.parse(text) as ExemplarPixel[]) : [];
}

/** Moves the real mouse over the point (x, y) of the chart element (and so of its canvas). */
export async function hoverAt(chart: Locator, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await chart.boundingBox();
  if (!box) throw new Error("the chart is not visible");
  const at = { x: box.x + x, y: box.y + y };
  await chart.page().mouse.move(at.x, at.y);
  return at;
}

/**
 * Pixels of the chart's plot drawn in a saturated colour: the series (blue, amber, …), not the
 * grey axes, labels and grid lines, nor the background. The top quarter, where a legend's
 * coloured markers sit, is left out.
 */
export async function colouredPixels(chart: Locator): Promise<number> {
  return chart
    .locator("canvas")
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext("2d");
      if (!context) return 0;
      const top = Math.floor(canvas.height / 4);
      const { data } = context.getImageData(0, top, canvas.width, canvas.height - top);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] ?? 0;
        const g = data[i + 1] ?? 0;
        const b = data[i + 2] ?? 0;
        const a = data[i + 3] ?? 0;
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) n++;
      }
      return n;
    });
}
