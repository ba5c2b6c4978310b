// When to restart a long-running process that exited unexpectedly (`npm start`'s parts, the agent's loader):
// after a delay that doubles with each quick death up to a ceiling, and not at all after
// `maxQuickDeaths` quick deaths in a row — a part that cannot stay up (bad configuration, a
// port taken, a crash at startup) is given up with a reason instead of restarted forever.
// A run of at least `stableAfterMs` counts as healthy: the next death starts over.
import { backoffDelayMs } from "./exponential-backoff.ts";

export interface RestartPolicyOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
  maxQuickDeaths: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxQuickDeaths: 5,
};

export type RestartDecision = { restart: true; delayMs: number } | { restart: false; reason: string };

export class RestartPolicy {
  private quickDeaths = 0;
  private readonly options: RestartPolicyOptions;

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    this.options = { ...DEFAULT_RESTART_POLICY, ...options };
  }

  /** The process died after running `ranMs`: restart it after `delayMs`, or give up. */
  onExit(ranMs: number): RestartDecision {
    const { initialDelayMs, maxDelayMs, stableAfterMs, maxQuickDeaths } = this.options;
    this.quickDeaths = ranMs >= stableAfterMs ? 1 : this.quickDeaths + 1;
    if (this.quickDeaths >= maxQuickDeaths) {
      return {
        restart: false,
        reason: `it died ${this.quickDeaths} times in a row, each within ${stableAfterMs / 1000} s of starting`,
      };
    }
    return { restart: true, delayMs: backoffDelayMs(this.quickDeaths - 1, { initialDelayMs, maxDelayMs }) };
  }
}
