import { describe, expect, it } from "vitest";
import { ProgressBar } from "./progress-bar.ts";

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe("ProgressBar", () => {
  it("writes one line per tenth of the way in a log, the last one full", () => {
    const { written, stream } = recorder(false);
    const bar = new ProgressBar("backfill", 1000, stream);
    // Past the redraw interval each time, so only the tenths decide what is written.
    for (let done = 0; done <= 1000; done += 10) {
      (bar as unknown as { lastDraw: number }).lastDraw = Number.NEGATIVE_INFINITY;
      bar.update(done, "hour x");
    }
    expect(written).toHaveLength(11);
    expect(written.every((line) => line.endsWith("\n"))).toBe(true);
    expect(written.at(-1)).toMatch(/^backfill \[#{30}\] 1,000\/1,000 [\d,]+\/s hour x\n$/);
    expect(written[5]).toMatch(/^backfill \[#{15}\.{15}\] 500\/1,000 /);
  });

  it("redraws one line in a terminal, at most ten times a second until done", () => {
    const { written, stream } = recorder(true);
    const bar = new ProgressBar("spans", 3, stream);
    bar.update(1);
    bar.update(2); // within 100 ms of the last draw: skipped
    bar.update(3); // the end is always drawn
    bar.done();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\rspans \[#{10}\.{20}\] 1\/3 /);
    expect(written[0]?.endsWith("\u001b[K")).toBe(true);
    expect(written[1]).toMatch(/^\rspans \[#{30}\] 3\/3 /);
    expect(written[2]).toBe("\n");
  });

  it("draws an empty total as complete instead of dividing by zero", () => {
    const { written, stream } = recorder(false);
    new ProgressBar("nothing", 0, stream).update(0);
    expect(written[0]).toMatch(/^nothing \[#{30}\] 0\/0 /);
  });
});
