// The one rule on which item times ingest stores. Refused, per item, and counted in the OTLP
// partial success with the reason, instead of stored where no query finds them:
// - before TRACELIGHT_INGEST_MIN_TIME (a clock at 0, a time in the wrong unit);
// - older than the signal's retention (TRACELIGHT_TTL_*_DAYS): the TTL would delete it at the
//   next merge;
// - more than TRACELIGHT_INGEST_MAX_FUTURE ahead of this server's clock: past 2262 it wraps in
//   DateTime64(9) (2^63−1 ns and more), and no "last hour" ever reaches it.
// The other times an item carries are checked against the same bounds (not the retention), and
// what is done with each is decided in signals.ts: a span ending past the future limit is
// refused like one starting there; sub-field times are mended and reported, not refused.
import type { DirectTimeWindow } from "@tracelight/store";
import type { Signal } from "./signals.ts";

export type RetentionDays = Readonly<Record<Signal, number>>;

/** Times every signal's items must fall within, beside their retention. */
export interface IngestTimeLimits {
  /** Epoch ms of the earliest time stored. */
  minTimeMs: number;
  /** How far ahead of now a time may be, in ms. */
  maxFutureMs: number;
}

const DAY_MS = 86_400_000;

/** Not before 2000, at most a day ahead: clock skew passes, a clock at 0 or a time in µs does not. */
export const DEFAULT_TIME_LIMITS: IngestTimeLimits = {
  minTimeMs: Date.UTC(2000, 0, 1),
  maxFutureMs: DAY_MS,
};
/** DateTime's last second (2106-02-07T06:28:15Z): TimestampTime and DateTime metric tables end there. */
const LAST_STORABLE_MS = 4_294_967_295_000;

const REASONS = ["beforeMin", "expired", "future"] as const;
type Reason = (typeof REASONS)[number];

/**
 * Decides, for one signal's items at one moment, which times are stored; counts the others by
 * reason (and by the time's name when not the item's deciding time, e.g. a span's end), and
 * counts the sub-field times it had mended (see signals.ts) to report them.
 */
export class TimeWindow {
  /** Refused items by reason and time name ("" for the deciding time). */
  private readonly refusedBy = new Map<string, number>();
  private readonly mended = new Map<string, number>();
  private readonly minNs: bigint;
  private readonly cutoffNs: bigint;
  private readonly maxNs: bigint;

  constructor(
    private readonly signal: Signal,
    private readonly limits: IngestTimeLimits,
    private readonly retentionDays: number | undefined,
    nowMs: number,
  ) {
    this.minNs = msToNs(limits.minTimeMs);
    this.cutoffNs = retentionDays === undefined ? 0n : msToNs(nowMs - retentionDays * DAY_MS);
    this.maxNs = msToNs(Math.min(nowMs + limits.maxFutureMs, LAST_STORABLE_MS));
  }

  /** The bounds as numbers, for the direct path (@tracelight/store's encodeSpansFromOtlp), which checks them itself. */
  bounds(): DirectTimeWindow {
    return { minNs: this.minNs, cutoffNs: this.cutoffNs, maxNs: this.maxNs };
  }

  /** Whether an item at `timeNs` (unix ns) is stored; counts it by reason when not. */
  readonly accepts = (timeNs: bigint): boolean => this.acceptsAs(timeNs, "");

  /** As accepts(), for another time of the item that must be storable too, named in the message (e.g. "end time"). */
  acceptsAs(timeNs: bigint, timeName: string): boolean {
    const reason = this.refusal(timeNs);
    if (reason === undefined) return true;
    const key = `${reason}\0${timeName}`;
    this.refusedBy.set(key, (this.refusedBy.get(key) ?? 0) + 1);
    return false;
  }

  /** Whether a sub-field's time (an event's, an exemplar's, a start time) is between the minimum and the future limit; the retention does not apply. */
  within(timeNs: bigint): boolean {
    return timeNs >= this.minNs && timeNs <= this.maxNs;
  }

  /** Counts one sub-field mended for being outside the window; `what` is its message after the count, "{window}" standing for the bounds. */
  mend(what: string): void {
    this.mended.set(what, (this.mended.get(what) ?? 0) + 1);
  }

  private refusal(timeNs: bigint): Reason | undefined {
    if (timeNs < this.minNs) return "beforeMin";
    if (timeNs < this.cutoffNs) return "expired";
    if (timeNs > this.maxNs) return "future";
    return undefined;
  }

  /** Items refused so far. */
  get refused(): number {
    let n = 0;
    for (const count of this.refusedBy.values()) n += count;
    return n;
  }

  /**
   * One message per reason and time that refused items, e.g. "2 spans with a start time before …",
   * then one per kind of sub-field mended, e.g. "3 span events with a time outside … stored at their span's start".
   */
  messages(items: string, timeName: string): string[] {
    const text: Record<Reason, (name: string) => string> = {
      beforeMin: (name) =>
        `with ${article(name)} ${name} before ${new Date(this.limits.minTimeMs).toISOString()} ` +
        "(TRACELIGHT_INGEST_MIN_TIME) not stored: check the sender's clock and time unit",
      expired: () =>
        `older than the ${this.signal} retention (${this.retentionDays} days, ` +
        `TRACELIGHT_TTL_${this.signal.toUpperCase()}_DAYS) not stored: the table's TTL would delete them at once`,
      future: (name) =>
        `with ${article(name)} ${name} more than ${formatDuration(this.limits.maxFutureMs)} ahead of the server's clock ` +
        "(TRACELIGHT_INGEST_MAX_FUTURE) not stored: check the sender's clock and time unit",
    };
    const refused = [...this.refusedBy].map(([key, n]) => {
      const [reason, name] = key.split("\0") as [Reason, string];
      return { order: REASONS.indexOf(reason), message: `${n} ${items} ${text[reason](name || timeName)}` };
    });
    refused.sort((a, b) => a.order - b.order);
    const window = `outside the ingest window (TRACELIGHT_INGEST_MIN_TIME, _MAX_FUTURE)`;
    const mended = [...this.mended].map(([what, n]) => `${n} ${what.replace("{window}", window)}`);
    return [...refused.map((r) => r.message), ...mended];
  }
}

const article = (word: string) => (/^[aeiou]/.test(word) ? "an" : "a");

function msToNs(ms: number): bigint {
  return BigInt(Math.floor(ms)) * 1_000_000n;
}

/** 86400000 → "1d", 5400000 → "90m": the largest unit that divides it, as TRACELIGHT_INGEST_MAX_FUTURE is written. */
function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ["w", 7 * DAY_MS],
    ["d", DAY_MS],
    ["h", 3_600_000],
    ["m", 60_000],
  ];
  for (const [unit, size] of units) if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms / 1000}s`;
}
