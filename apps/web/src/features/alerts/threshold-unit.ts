// The unit a metric rule's threshold is written in: the units offered are those that convert
// into the unit the rule's values are in, and a change of metric or aggregation keeps the
// chosen unit only while it still converts. Pure.
import type { MetricInfo } from "@tracelight/contracts";
import { conversionFactor, type MetricAgg } from "@tracelight/contracts/values";
import { valueScale } from "../../lib/format.ts";
import { displayUnit } from "../metrics/units.ts";

/** What a threshold may be written in, in the order offered; the contract decides what converts. */
const CHOICES = ["ns", "us", "ms", "s", "min", "h", "By", "KiBy", "MiBy", "GiBy", "TiBy", "kBy", "MBy", "GBy", "TBy"];
const RATIO_CHOICES = ["%", "1"];

/** The unit of a rule's values: the metric's answer unit, or what a count or rate leaves of it. */
export function ruleValueUnit(info: Pick<MetricInfo, "unit" | "type"> | undefined, aggregation: string): string {
  return info === undefined ? "" : displayUnit(info.unit, aggregation as MetricAgg, info.type);
}

/** The units a threshold may be written in; a single one (or none) leaves nothing to choose. */
export function thresholdUnits(valueUnit: string): string[] {
  if (valueUnit === "") return [];
  const convertible = [...CHOICES, ...RATIO_CHOICES].filter((u) => conversionFactor(u, valueUnit) !== undefined);
  return convertible.includes(valueUnit) ? convertible : [valueUnit, ...convertible];
}

/**
 * The draft's threshold unit after the value unit changed to `valueUnit`: kept while it still
 * converts, else the value unit itself; "" (the condition states none) when there is no choice.
 */
export function fitThresholdUnit(current: string, valueUnit: string): string {
  const units = thresholdUnits(valueUnit);
  if (units.length <= 1) return "";
  return units.includes(current) ? current : valueUnit;
}

/** How a unit reads in the selector: "ms", "KiB", "%", "ratio (1 = 100 %)". */
export function unitChoiceLabel(unit: string): string {
  return unit === "1" ? "ratio (1 = 100 %)" : valueScale(unit).label || unit;
}
