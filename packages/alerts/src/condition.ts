// Whether a value breaches a rule's condition, and how a condition reads in words.
import type { AlertCondition } from "@tracelight/contracts";

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

/** "> 800", "outside 10 … 20". */
export function describeCondition(condition: Pick<AlertCondition, "op" | "threshold" | "thresholdHigh">): string {
  if (condition.op === "outside")
    return `outside ${condition.threshold} … ${condition.thresholdHigh ?? condition.threshold}`;
  return `${condition.op} ${condition.threshold}`;
}
