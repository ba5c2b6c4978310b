// Units of measurement as OTLP carries them (UCUM case-sensitive codes): which units convert
// into which, and the one unit an answer over several series is given in. Pure and zod-free:
// the store converts values with these factors, the alert evaluator converts thresholds, the
// web app formats values.

export type UnitDimension = "time" | "bytes" | "ratio";

export interface UnitInfo {
  dimension: UnitDimension;
  /** One of this unit in the dimension's base unit (s, By, 1). */
  scale: number;
}

const UNITS: Readonly<Record<string, UnitInfo>> = {
  ns: { dimension: "time", scale: 1e-9 },
  us: { dimension: "time", scale: 1e-6 },
  μs: { dimension: "time", scale: 1e-6 },
  ms: { dimension: "time", scale: 1e-3 },
  s: { dimension: "time", scale: 1 },
  min: { dimension: "time", scale: 60 },
  h: { dimension: "time", scale: 3600 },
  d: { dimension: "time", scale: 86_400 },
  By: { dimension: "bytes", scale: 1 },
  kBy: { dimension: "bytes", scale: 1e3 },
  MBy: { dimension: "bytes", scale: 1e6 },
  GBy: { dimension: "bytes", scale: 1e9 },
  TBy: { dimension: "bytes", scale: 1e12 },
  KiBy: { dimension: "bytes", scale: 1024 },
  MiBy: { dimension: "bytes", scale: 1024 ** 2 },
  GiBy: { dimension: "bytes", scale: 1024 ** 3 },
  TiBy: { dimension: "bytes", scale: 1024 ** 4 },
  "1": { dimension: "ratio", scale: 1 },
  "%": { dimension: "ratio", scale: 0.01 },
};

/** What a unit measures and its size in the base unit; undefined for units that convert into nothing else. */
export function unitInfo(unit: string): UnitInfo | undefined {
  return Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
}

/**
 * The factor that turns a value in `from` into `to` (1 when they are the same text), or
 * undefined when the two do not convert (different dimensions, or a unit this table does not
 * know, such as `{request}`, which converts only into itself).
 */
export function conversionFactor(from: string, to: string): number | undefined {
  if (from === to) return 1;
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (a === undefined || b === undefined || a.dimension !== b.dimension) return undefined;
  return a.scale / b.scale;
}

/**
 * Units of well-known metric names from OpenTelemetry's semantic conventions. The older HTTP and
 * RPC conventions (`http.server.duration`, `rpc.server.duration`) are in milliseconds; their
 * successors are in seconds.
 */
export const SEMCONV_UNITS: Readonly<Record<string, string>> = {
  "http.server.request.duration": "s",
  "http.client.request.duration": "s",
  "http.server.request.body.size": "By",
  "http.server.response.body.size": "By",
  "http.client.request.body.size": "By",
  "http.client.response.body.size": "By",
  "http.server.duration": "ms",
  "http.client.duration": "ms",
  "rpc.server.duration": "ms",
  "rpc.client.duration": "ms",
  "db.client.operation.duration": "s",
  "messaging.process.duration": "s",
  "messaging.client.operation.duration": "s",
  "system.cpu.time": "s",
  "system.cpu.utilization": "1",
  "system.memory.usage": "By",
  "system.memory.utilization": "1",
  "system.filesystem.usage": "By",
  "system.filesystem.utilization": "1",
  "system.disk.io": "By",
  "system.network.io": "By",
  "process.cpu.time": "s",
  "process.cpu.utilization": "1",
  "process.memory.usage": "By",
  "process.memory.virtual": "By",
  "jvm.gc.duration": "s",
  "jvm.memory.used": "By",
};

/**
 * The unit an answer about `metric` is given in, from the units its series carry (unit → number
 * of series): the semantic conventions' unit when the metric has one and at least one series
 * converts into it; otherwise the unit most series carry (ties: the alphabetically first);
 * "" when there are no series.
 */
export function answerUnit(metric: string, seriesPerUnit: ReadonlyMap<string, number>): string {
  const conventional = SEMCONV_UNITS[metric];
  if (conventional !== undefined) {
    for (const unit of seriesPerUnit.keys())
      if (conversionFactor(unit, conventional) !== undefined) return conventional;
  }
  let best = "";
  let bestCount = -1;
  for (const [unit, count] of [...seriesPerUnit].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count > bestCount) {
      best = unit;
      bestCount = count;
    }
  }
  return best;
}
