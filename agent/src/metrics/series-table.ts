// Series keyed by resource and attributes, forgotten after a quiet spell so that routes that
// stopped and processes that exited do not hold memory forever.
import { attributesKey } from "../telemetry/attributes-key.ts";
import type { Attributes, UnixNanos } from "../telemetry/model.ts";

export interface SeriesEntry<State> {
  resourceKey: string;
  resource: Attributes;
  attributes: Attributes;
  /** When the series started accumulating: the start of its cumulative points. */
  start: UnixNanos;
  lastUpdate: UnixNanos;
  state: State;
}

export const DEFAULT_IDLE_NS = 15n * 60n * 1_000_000_000n;

export class SeriesTable<State> {
  private readonly entries = new Map<string, SeriesEntry<State>>();

  constructor(
    private readonly init: () => State,
    private readonly idleNs = DEFAULT_IDLE_NS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The series' state, created on first use; `time` marks it as updated. `seriesKey`, when the
   * caller has one, must identify `attributes` (it spares building the key on a hot path).
   */
  touch(
    resourceKey: string,
    resource: Attributes,
    attributes: Attributes,
    time: UnixNanos,
    seriesKey: string = attributesKey(attributes),
  ): State {
    const key = `${resourceKey}\u0000${seriesKey}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { resourceKey, resource, attributes, start: time, lastUpdate: time, state: this.init() };
      this.entries.set(key, entry);
    } else if (time > entry.lastUpdate) entry.lastUpdate = time;
    return entry.state;
  }

  /** Live series grouped by resource; idle ones are dropped on the way. */
  byResource(now: UnixNanos): Map<string, SeriesEntry<State>[]> {
    const out = new Map<string, SeriesEntry<State>[]>();
    for (const [key, entry] of this.entries) {
      if (now - entry.lastUpdate > this.idleNs) {
        this.entries.delete(key);
        continue;
      }
      const list = out.get(entry.resourceKey);
      if (list) list.push(entry);
      else out.set(entry.resourceKey, [entry]);
    }
    return out;
  }
}
