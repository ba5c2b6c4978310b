// The series an answer left out because their unit does not convert into the answer's unit,
// named so that nobody mistakes the chart for all of the metric.
import { valueScale } from "../../lib/format.ts";

export function UnitWarnings(props: { warnings: readonly string[]; unit: string; testId?: string }) {
  if (props.warnings.length === 0) return null;
  const label = valueScale(props.unit).label;
  return (
    <div
      role="status"
      data-testid={props.testId ?? "metric-unit-warnings"}
      className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <p>
        Left out: series whose unit does not convert into{" "}
        {label === "" ? "the answer's unit" : <span className="font-mono">{label}</span>}
      </p>
      <ul className="list-disc pl-5">
        {props.warnings.map((w) => (
          <li key={w} data-testid="unit-warning" className="font-mono">
            {w}
          </li>
        ))}
      </ul>
    </div>
  );
}
