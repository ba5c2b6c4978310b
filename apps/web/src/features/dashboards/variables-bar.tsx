// The dashboard's variables above its panels: each a select over the values in the data (service
// names, an attribute's values on the metric that filters by it, or the listed ones), several
// when multi (any of them, see variables.ts), "All" for none; the choice goes to the URL
// (`?var-service=checkout&var-service=cart`) so a link keeps it.
"use client";

import type {
  DashboardPanel,
  DashboardVariable,
  MetricAttributesResponse,
  ServicesResponse,
} from "@tracelight/contracts";
import { useUrlState } from "../../lib/url-state.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { INPUT } from "../alerts/ui.tsx";
import { ALL, attributeMetric, urlKey, type VariableValues } from "./variables.ts";

export function VariablesBar(props: {
  variables: readonly DashboardVariable[];
  panels: readonly DashboardPanel[];
  values: VariableValues;
}) {
  if (props.variables.length === 0) return null;
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="dashboard-variables">
      {props.variables.map((v) => (
        <VariableSelect key={v.name} variable={v} panels={props.panels} chosen={props.values[v.name] ?? []} />
      ))}
    </div>
  );
}

function useChoices(variable: DashboardVariable, panels: readonly DashboardPanel[]): string[] {
  const time = useTimeRange();
  const services = useApiQuery<ServicesResponse>("/services", time.query, { enabled: variable.kind === "service" });
  const metric = variable.kind === "attribute" ? attributeMetric(panels, variable.name) : undefined;
  const attributes = useApiQuery<MetricAttributesResponse>(
    "/metrics/attributes",
    { ...time.query, metric },
    { enabled: metric !== undefined },
  );
  if (variable.kind === "custom") return variable.values ?? [];
  if (variable.kind === "service") return services.data?.services.map((s) => s.name) ?? [];
  return attributes.data?.keys.find((k) => k.key === variable.attribute)?.values ?? [];
}

function VariableSelect(props: {
  variable: DashboardVariable;
  panels: readonly DashboardPanel[];
  chosen: readonly string[];
}) {
  const { variable, chosen } = props;
  const url = useUrlState();
  const found = useChoices(variable, props.panels);
  // A chosen value the range no longer has stays offered, so the select shows it.
  const choices = [...new Set([...found, ...chosen])].sort();
  const hasDefault = (Array.isArray(variable.default) ? variable.default : [variable.default ?? ""]).some(
    (d) => d !== "",
  );
  const choose = (values: string[]) =>
    url.set({ [urlKey(variable.name)]: values.length > 0 ? values : hasDefault ? ALL : undefined });
  const label = variable.label ?? variable.name;
  return (
    <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-300">
      {label}
      <select
        className={`${INPUT} min-w-40`}
        data-testid={`variable-${variable.name}`}
        multiple={variable.multi}
        size={variable.multi ? Math.min(5, Math.max(2, choices.length)) : undefined}
        value={variable.multi ? (chosen.length === 0 ? [""] : [...chosen]) : (chosen[0] ?? "")}
        onChange={(e) => {
          const picked = [...e.target.selectedOptions].map((o) => o.value);
          // All added to a choice of values means all; a value added to All replaces it.
          choose(picked.includes("") && chosen.length > 0 ? [] : picked.filter((v) => v !== ""));
        }}
      >
        <option value="">All</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
