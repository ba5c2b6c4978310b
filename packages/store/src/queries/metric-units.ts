// How a metric's series, sent in different units, are read as one: each row's value is
// multiplied by the factor from its own unit (MetricUnit) into the answer unit, and rows whose
// unit does not convert are left out of the answer and named in its warnings instead.
// Factors come from the contract's unit table (packages/contracts/src/units.ts).
import { type AttributeFilter, conversionFactor, type MetricInfo, type MetricType } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, METRIC_ATTRIBUTES, where } from "./attributes.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import { num } from "./numbers.ts";
import { between64 } from "./time-range.ts";

export interface UnitPlan {
  /** The answer unit. */
  unit: string;
  /** The units that convert into it, and each one's factor. */
  units: string[];
  factors: number[];
  /** The units that do not convert: their series are left out. */
  excluded: string[];
}

/** The plan for a metric as findMetric describes it (unit: the answer unit; units: all sent). */
export function unitPlan(info: Pick<MetricInfo, "unit" | "units">): UnitPlan {
  const plan: UnitPlan = { unit: info.unit, units: [], factors: [], excluded: [] };
  for (const u of info.units) {
    const factor = conversionFactor(u, info.unit);
    if (factor === undefined) plan.excluded.push(u);
    else {
      plan.units.push(u);
      plan.factors.push(factor);
    }
  }
  return plan;
}

/** Every row in the answer unit already: the common case, read as before units were converted. */
const uniform = (plan: UnitPlan) => plan.units.length === 1 && plan.excluded.length === 0 && plan.factors[0] === 1;

/** The row's factor into the answer unit. */
export const unitFactor = (plan: UnitPlan): BoundQuery =>
  uniform(plan)
    ? sql`1`
    : sql`transform(MetricUnit, ${typed(plan.units, "Array(String)")}, ${typed(plan.factors, "Array(Float64)")}, nan)`;

/** Only rows whose unit converts (no condition when all do). */
export const unitConditions = (plan: UnitPlan): BoundQuery[] =>
  uniform(plan) ? [] : [sql`MetricUnit IN ${typed(plan.units, "Array(String)")}`];

/**
 * A metric's Value column in the answer unit. It keeps the column's name, so that aggregates
 * over it read the same; no WHERE of a query using it may mention Value (ClickHouse would
 * read the alias there).
 */
export const convertedValue = (plan: UnitPlan): BoundQuery => sql`Value * ${unitFactor(plan)} AS Value`;

export interface UnitWarningsRequest {
  metric: string;
  type: MetricType;
  filter: readonly AttributeFilter[];
  range: { from: number; to: number };
}

/** Names the series `req` selects whose unit does not convert into the plan's, one line per unit. */
export async function unitWarnings(
  transport: ClickHouseTransport,
  req: UnitWarningsRequest,
  plan: UnitPlan,
): Promise<string[]> {
  if (plan.excluded.length === 0) return [];
  const rows = await transport.query<{ unit: string; series: number | string; services: string[] }>(
    sql`SELECT MetricUnit AS unit, uniqExact(ServiceName, ResourceAttributes, Attributes) AS series,
  arraySort(groupUniqArray(10)(toString(ServiceName))) AS services
FROM ${raw(METRIC_TABLES[req.type])}
WHERE ${where([
      sql`MetricName = ${req.metric}`,
      between64("TimeUnix", req.range),
      sql`MetricUnit IN ${typed(plan.excluded, "Array(String)")}`,
      ...attributeFilters(METRIC_ATTRIBUTES, req.filter),
    ])}
GROUP BY MetricUnit
ORDER BY MetricUnit`,
  );
  return rows.map((r) => {
    const n = num(r.series);
    return `${n} series of ${req.metric} in "${r.unit}" (${r.services.join(", ")}) left out: "${r.unit}" does not convert into "${plan.unit}"`;
  });
}
