// Cumulative monotonic sums (connections opened, bytes, retransmits) keyed by resource and attributes.
import type { Attributes, Metric, UnixNanos } from "../telemetry/model.ts";
import type { ResourceMetric } from "./histogram.ts";
import { DEFAULT_IDLE_NS, SeriesTable } from "./series-table.ts";

export class CounterAggregator {
  private readonly table: SeriesTable<{ value: number }>;

  constructor(
    readonly name: string,
    readonly unit: string,
    readonly description: string,
    idleNs = DEFAULT_IDLE_NS,
  ) {
    this.table = new SeriesTable(() => ({ value: 0 }), idleNs);
  }

  add(resourceKey: string, resource: Attributes, attributes: Attributes, increment: number, time: UnixNanos): void {
    this.table.touch(resourceKey, resource, attributes, time).value += increment;
  }

  collect(now: UnixNanos): ResourceMetric[] {
    const out: ResourceMetric[] = [];
    for (const entries of this.table.byResource(now).values()) {
      const metric: Metric = {
        type: "sum",
        name: this.name,
        unit: this.unit,
        description: this.description,
        monotonic: true,
        temporality: "cumulative",
        points: entries.map((e) => ({
          attributes: e.attributes,
          startTimeUnixNano: e.start,
          timeUnixNano: now,
          value: e.state.value,
        })),
      };
      out.push({ resource: entries[0]!.resource, metric });
    }
    return out;
  }
}
