// The explorer's query controls besides the metric: aggregation (limited to what the type
// supports), step, group-by keys as chips, and key (=|!=) value filters with suggested values.
"use client";

import type { AttributeFilter, MetricAttributeKey, MetricType } from "@tracelight/contracts";
import { AGGS_BY_TYPE } from "@tracelight/contracts/values";
import { type FormEvent, useId, useState } from "react";
import { formatFilter } from "./metric-query.ts";

const SELECT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900 disabled:opacity-50";
const CHIP =
  "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 font-mono text-xs border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100";

export function AggSelect(props: {
  type: MetricType | undefined;
  value: string | undefined;
  onChange: (agg: string) => void;
}) {
  const choices: readonly string[] = props.type ? AGGS_BY_TYPE[props.type] : [];
  // A hand-written URL may name an aggregation the type lacks: show it (the API explains why).
  const options = props.value !== undefined && !choices.includes(props.value) ? [props.value, ...choices] : choices;
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
      Aggregation
      <select
        data-testid="metric-agg-select"
        className={SELECT}
        value={props.value ?? ""}
        disabled={options.length === 0}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {options.length === 0 && <option value="">–</option>}
        {options.map((agg) => (
          <option key={agg} value={agg}>
            {choices.includes(agg) ? agg : `${agg} (not for ${props.type})`}
          </option>
        ))}
      </select>
    </label>
  );
}

const STEPS = ["10s", "30s", "1m", "5m", "15m", "1h"];

export function StepSelect(props: { value: string | undefined; onChange: (step: string | undefined) => void }) {
  const options = props.value !== undefined && !STEPS.includes(props.value) ? [props.value, ...STEPS] : STEPS;
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
      Step
      <select
        data-testid="metric-step-select"
        className={SELECT}
        value={props.value ?? ""}
        onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)}
      >
        <option value="">auto</option>
        {options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="rounded-full px-1 leading-none text-sky-700 hover:bg-sky-200 dark:text-sky-300 dark:hover:bg-sky-800"
    >
      ×
    </button>
  );
}

export function GroupByPicker(props: {
  keys: readonly MetricAttributeKey[] | undefined;
  value: readonly string[];
  onAdd: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  const free = (props.keys ?? []).filter((k) => !props.value.includes(k.key));
  return (
    <div data-testid="metric-groupby" data-keys={props.value.join(",")} className="flex flex-wrap items-center gap-1.5">
      <span className="text-xs text-slate-500 dark:text-slate-400">Group by</span>
      {props.value.map((key) => (
        <span key={key} data-testid="metric-groupby-chip" data-key={key} className={CHIP}>
          {key}
          <RemoveButton label={`Stop grouping by ${key}`} onClick={() => props.onRemove(key)} />
        </span>
      ))}
      <select
        data-testid="metric-groupby-add"
        aria-label="Add a group-by key"
        className={SELECT}
        value=""
        disabled={free.length === 0}
        onChange={(e) => e.target.value !== "" && props.onAdd(e.target.value)}
      >
        <option value="">
          {props.keys === undefined
            ? "loading…"
            : props.keys.length === 0
              ? "no keys"
              : free.length === 0
                ? "no more keys"
                : "+ key"}
        </option>
        {free.map((k) => (
          <option key={k.key} value={k.key}>
            {k.key}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterEditor(props: {
  keys: readonly MetricAttributeKey[] | undefined;
  value: readonly AttributeFilter[];
  onAdd: (filter: AttributeFilter) => void;
  onRemove: (index: number) => void;
}) {
  const [key, setKey] = useState("");
  const [op, setOp] = useState<"=" | "!=">("=");
  const [value, setValue] = useState("");
  const listId = useId();
  const suggestions = props.keys?.find((k) => k.key === key)?.values ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim() === "") return;
    props.onAdd({ key: key.trim(), op, value });
    setValue("");
  };
  return (
    <div data-testid="metric-filters" className="flex flex-wrap items-center gap-1.5">
      <span className="text-xs text-slate-500 dark:text-slate-400">Filters</span>
      {props.value.map((f, i) => (
        <span key={formatFilter(f)} data-testid="metric-filter-chip" data-filter={formatFilter(f)} className={CHIP}>
          {f.key} <b>{f.op}</b> {f.value === "" ? '""' : f.value}
          <RemoveButton label={`Remove filter ${formatFilter(f)}`} onClick={() => props.onRemove(i)} />
        </span>
      ))}
      <form onSubmit={submit} className="flex items-center gap-1">
        <select
          data-testid="metric-filter-key"
          aria-label="Filter key"
          className={SELECT}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setValue("");
          }}
        >
          <option value="">{props.keys === undefined ? "loading…" : "key"}</option>
          {(props.keys ?? []).map((k) => (
            <option key={k.key} value={k.key}>
              {k.key}
            </option>
          ))}
        </select>
        <select
          data-testid="metric-filter-op"
          aria-label="Filter operator"
          className={SELECT}
          value={op}
          onChange={(e) => setOp(e.target.value === "!=" ? "!=" : "=")}
        >
          <option value="=">=</option>
          <option value="!=">!=</option>
        </select>
        <input
          data-testid="metric-filter-value"
          aria-label="Filter value"
          list={listId}
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className={`${SELECT} w-40 font-mono`}
        />
        <datalist id={listId}>
          {suggestions.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        <button
          type="submit"
          data-testid="metric-filter-add"
          disabled={key === ""}
          className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Add
        </button>
      </form>
    </div>
  );
}
