// A rule's condition as a reader sees it ("> 800 ms", "outside 1.00 s … 2.00 s"): the thresholds
// in the unit they are written in, the condition's own or else that of the values. Pure.
import type { AlertCondition } from "@tracelight/contracts";
import { formatValue } from "../../lib/format.ts";

export function conditionText(
  condition: Pick<AlertCondition, "op" | "threshold" | "thresholdHigh" | "unit">,
  valueUnit: string,
): string {
  const unit = condition.unit ?? valueUnit;
  const low = formatValue(condition.threshold, unit);
  return condition.op === "outside"
    ? `outside ${low} … ${formatValue(condition.thresholdHigh, unit)}`
    : `${condition.op} ${low}`;
}
