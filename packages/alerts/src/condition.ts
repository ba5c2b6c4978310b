// Whether a value breaches a rule's condition, how a condition reads in words, and its
// thresholds moved from the unit they are written in into the unit of the values.
import type { AlertCondition } from "@tracelight/contracts";
import { conversionFactor } from "@tracelight/contracts/values";

type Thresholds = Pick<AlertCondition, "threshold" | "thresholdHigh" | "unit">;

export class ThresholdUnitError extends Error {
  override name = "ThresholdUnitError";
}

/** The unit a condition's thresholds are written in: its own, else the unit of the values. */
export const statedUnit = (condition: Pick<AlertCondition, "unit">, valueUnit: string): string =>
  condition.unit === undefined || condition.unit === "" ? valueUnit : condition.unit;

/**
 * The condition with its thresholds in `valueUnit` (values of unknown unit, "", are compared
 * as written). Throws ThresholdUnitError, naming both units, when they do not convert.
 */
export function conditionInUnit<C extends Thresholds>(condition: C, valueUnit: string): C {
  const stated = statedUnit(condition, valueUnit);
  if (valueUnit === "" || stated === valueUnit) return condition;
  const factor = conversionFactor(stated, valueUnit);
  if (factor === undefined)
    throw new ThresholdUnitError(
      `condition.unit: "${stated}" does not convert into "${valueUnit}", the unit of the rule's values`,
    );
  const high = condition.thresholdHigh;
  return {
    ...condition,
    threshold: condition.threshold * factor,
    thresholdHigh: high === undefined ? high : high * factor,
  };
}

/** A value in `valueUnit` expressed in the condition's stated unit (as written when they do not convert). */
export function valueInStatedUnit(condition: Pick<AlertCondition, "unit">, valueUnit: string, value: number): number {
  return value * (conversionFactor(valueUnit, statedUnit(condition, valueUnit)) ?? 1);
}

export function breaches(
  condition: Pick<AlertCondition, "op" | "threshold" | "thresholdHigh">,
  value: number,
): boolean {
  const { op, threshold } = condition;
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case "outside":
      return value < threshold || value > (condition.thresholdHigh ?? threshold);
  }
}

/** "> 800", "> 0.8 s", "outside 10 … 20 %": thresholds as written, with their unit when it has one. */
export function describeCondition(
  condition: Pick<AlertCondition, "op" | "threshold" | "thresholdHigh" | "unit">,
): string {
  const unit =
    condition.unit === undefined || condition.unit === "" || condition.unit === "1" ? "" : ` ${condition.unit}`;
  if (condition.op === "outside")
    return `outside ${condition.threshold} … ${condition.thresholdHigh ?? condition.threshold}${unit}`;
  return `${condition.op} ${condition.threshold}${unit}`;
}
