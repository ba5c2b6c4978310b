// Pairs the service map's call halves into its rollup every so often (@tracelight/store
// service-edges.ts) in each ingest process; a minute paired twice is counted once.
import { type ClickHouseTransport, pairServiceEdges } from "@tracelight/store";
import { log } from "./log.ts";

export interface ServiceEdgesJob {
  stop(): Promise<void>;
}

export interface ServiceEdgesJobOptions {
  everyMs: number;
  /** Tests: a clock this far ahead, so the minute under way is paired at once. */
  aheadMs?: number;
}

export function startServiceEdgesJob(transport: ClickHouseTransport, options: ServiceEdgesJobOptions): ServiceEdgesJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let failing = false;
  const run = async () => {
    try {
      await pairServiceEdges(transport, Date.now() + (options.aheadMs ?? 0));
      if (failing) log.info("service map: pairing calls works again");
      failing = false;
    } catch (error) {
      // Logged once per outage: the next run retries, and unpaired halves wait (two hours).
      if (!failing) log.warn("service map: pairing calls failed", { error: String(error) });
      failing = true;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().then(schedule);
    }, options.everyMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
