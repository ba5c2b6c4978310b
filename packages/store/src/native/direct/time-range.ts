// Time bounds checked on the two 32-bit halves of a protobuf fixed64, without a bigint per time.

/** Which times ingest stores (apps/api's TimeWindow): unix ns, inclusive. */
export interface DirectTimeWindow {
  /** Before this: refused (TRACELIGHT_INGEST_MIN_TIME). */
  minNs: bigint;
  /** Before this: older than the retention (0n: none). */
  cutoffNs: bigint;
  /** After this: too far in the future. */
  maxNs: bigint;
}

const TWO_32 = 1n << 32n;

export class TimeRange {
  private readonly lowHi: number;
  private readonly lowLo: number;
  private readonly highHi: number;
  private readonly highLo: number;

  constructor(low: bigint, high: bigint) {
    const clamp = (v: bigint) => (v < 0n ? 0n : v >= TWO_32 * TWO_32 ? TWO_32 * TWO_32 - 1n : v);
    const l = clamp(low);
    const h = clamp(high);
    this.lowHi = Number(l / TWO_32);
    this.lowLo = Number(l % TWO_32);
    this.highHi = Number(h / TWO_32);
    this.highLo = Number(h % TWO_32);
  }

  /** Whether the unsigned 64-bit time (hi << 32 | lo) is within the bounds. */
  has(lo: number, hi: number): boolean {
    if (hi < this.lowHi || (hi === this.lowHi && lo < this.lowLo)) return false;
    return !(hi > this.highHi || (hi === this.highHi && lo > this.highLo));
  }
}

/** The earliest time an item itself may have: the later of the minimum and the retention's cutoff. */
export function earliestNs(window: DirectTimeWindow): bigint {
  if (window.cutoffNs > window.minNs) return window.cutoffNs;
  return window.minNs;
}
