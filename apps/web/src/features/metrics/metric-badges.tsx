// Small labels for a metric's type and unit, shared by the picker and the catalogue.
import type { MetricType } from "@tracelight/contracts";

const TYPE_STYLE: Record<MetricType, string> = {
  gauge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  sum: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  histogram: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
  exponential_histogram: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-300",
  summary: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
};

const TYPE_LABEL: Record<MetricType, string> = {
  gauge: "gauge",
  sum: "sum",
  histogram: "histogram",
  exponential_histogram: "exp. histogram",
  summary: "summary",
};

export function TypeBadge({ type, monotonic }: { type: MetricType; monotonic?: boolean | undefined }) {
  return (
    <span
      data-metric-type={type}
      className={`inline-block shrink-0 rounded px-1.5 py-px text-[11px] font-medium ${TYPE_STYLE[type]}`}
    >
      {type === "sum" && monotonic ? "counter" : TYPE_LABEL[type]}
    </span>
  );
}

/** The unit answers are given in and, when series were sent in several, which: "s (sent as ms, s)". */
export function UnitBadge({ unit, units }: { unit: string; units: readonly string[] }) {
  if (unit === "" && units.length <= 1) return null;
  const mixed = units.length > 1;
  return (
    <span
      data-testid="metric-unit"
      title={mixed ? "Values of every series are converted into this unit" : undefined}
      className="inline-block shrink-0 rounded border border-slate-300 px-1 font-mono text-[11px] text-slate-600 dark:border-slate-600 dark:text-slate-300"
    >
      {unit}
      {mixed && <span className="text-slate-400 dark:text-slate-500"> (sent as {units.join(", ")})</span>}
    </span>
  );
}
