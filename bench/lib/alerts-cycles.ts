// bench:alerts reads the api's evaluator cycles from outside, as an operator does: GET
// /api/v1/status's lastCycleAt and lastCycleMs change when a cycle ends.
import type { StatusResponse } from "@tracelight/contracts";

export interface Cycle {
  /** When it started and ended (epoch ms), and how long it took. */
  from: number;
  at: number;
  ms: number;
}

/**
 * The first `count` cycles that start at `firstFrom` or later (a warm-up, then those that
 * count). `onCycle` hears each as it ends. Fails when a cycle fails or they stop coming.
 */
export async function watchCycles(
  status: () => Promise<StatusResponse>,
  options: { firstFrom: number; count: number; intervalMs: number; onCycle: (c: Cycle, index: number) => void },
): Promise<Cycle[]> {
  const { firstFrom, count, intervalMs } = options;
  const cycles: Cycle[] = [];
  let lastAt: number | null = null;
  const deadline = Math.max(Date.now(), firstFrom) + (count + 2) * (intervalMs + 60_000);
  while (cycles.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${cycles.length} of ${count} cycles seen`);
    const { evaluator } = await status();
    if (evaluator.lastError) throw new Error(`a cycle failed: ${evaluator.lastError}`);
    const { lastCycleAt: at, lastCycleMs: ms } = evaluator;
    if (at !== null && ms !== null && at !== lastAt) {
      lastAt = at;
      const cycle = { from: at - ms, at, ms };
      if (cycle.from >= firstFrom) {
        cycles.push(cycle);
        options.onCycle(cycle, cycles.length - 1);
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return cycles;
}
