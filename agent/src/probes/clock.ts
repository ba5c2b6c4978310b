// The kernel stamps records with CLOCK_MONOTONIC (bpf_ktime_get_ns); OTLP wants Unix time.
// process.hrtime reads the same monotonic clock, so the offset between the two is sampled here
// and refreshed now and then, as wall time may be stepped or slewed.
import type { UnixNanos } from "../telemetry/model.ts";

const REFRESH_MS = 60_000;

export class MonotonicClock {
  private offsetNs = 0n;
  private sampledAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  private sample(): void {
    // Wall time to the microsecond: timeOrigin + now(), read next to the monotonic clock.
    const mono = process.hrtime.bigint();
    const wallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
    this.offsetNs = wallNs - mono;
    this.sampledAt = this.now();
  }

  /** Unix nanoseconds of a CLOCK_MONOTONIC reading. */
  toUnixNanos(monotonicNs: bigint): UnixNanos {
    if (this.now() - this.sampledAt > REFRESH_MS) this.sample();
    return monotonicNs + this.offsetNs;
  }

  /** The current CLOCK_MONOTONIC reading. */
  monotonicNow(): bigint {
    return process.hrtime.bigint();
  }
}
