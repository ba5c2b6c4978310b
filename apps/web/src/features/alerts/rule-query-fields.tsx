// The rule editor's "what to watch" fields: kind, then a metric with its aggregation, or the
// logs to count (service, minimum severity, text); filters, group-by keys and the window.
"use client";

import type { MetricAttributeKey, MetricInfo } from "@tracelight/contracts";
import { AGGS_BY_TYPE, ALERT_RULE_KINDS, type AlertRuleKind, defaultAgg } from "@tracelight/contracts/values";
import { type KeyboardEvent, useId, useState } from "react";
import { SearchQueryInput } from "../../components/search-query-input.tsx";
import { SEVERITY_CHOICES } from "../../lib/severity.ts";
import { AttributeChips } from "../logs/attribute-chips.tsx";
import { MetricPicker } from "../metrics/metric-picker.tsx";
import { errorFor, type FieldErrors } from "./field-errors.ts";
import { type RuleDraft, withKind } from "./rule-draft.ts";
import { fitThresholdUnit, ruleValueUnit } from "./threshold-unit.ts";
import { BUTTON, Field, INPUT } from "./ui.tsx";

export interface QueryFieldsProps {
  draft: RuleDraft;
  errors: FieldErrors;
  onChange: (next: RuleDraft) => void;
  metrics: readonly MetricInfo[] | undefined;
  attributeKeys: readonly MetricAttributeKey[] | undefined;
  services: readonly string[] | undefined;
}

/** The fields this component shows, for the errors summary. */
export const QUERY_FIELD_KEYS = [
  "kind",
  "query.metric",
  "query.aggregation",
  "query.service",
  "query.severity",
  "query.text",
  "query.filters",
  "query.groupBy",
  "query.window",
  "query",
];

export function RuleQueryFields({ draft, errors, onChange, metrics, attributeKeys, services }: QueryFieldsProps) {
  const set = (patch: Partial<RuleDraft>) => onChange({ ...draft, ...patch });
  const info = metrics?.find((m) => m.name === draft.metric);
  const aggs: readonly string[] = info ? AGGS_BY_TYPE[info.type] : draft.aggregation ? [draft.aggregation] : [];
  const pickMetric = (name: string) => {
    const picked = metrics?.find((m) => m.name === name);
    const allowed: readonly string[] = picked ? AGGS_BY_TYPE[picked.type] : [];
    const aggregation = picked
      ? allowed.includes(draft.aggregation)
        ? draft.aggregation
        : defaultAgg(picked.type, picked.isMonotonic ?? false)
      : draft.aggregation;
    const unit = picked ? fitThresholdUnit(draft.unit, ruleValueUnit(picked, aggregation)) : "";
    onChange({ ...draft, metric: name, aggregation, unit, filters: [], groupBy: [] });
  };
  const pickAgg = (aggregation: string) =>
    set({ aggregation, unit: info ? fitThresholdUnit(draft.unit, ruleValueUnit(info, aggregation)) : draft.unit });
  const serviceListId = useId();

  return (
    <div className="space-y-3" data-testid="rule-query">
      <fieldset aria-label="Rule kind" className="flex gap-1" data-testid="rule-kind">
        {ALERT_RULE_KINDS.map((kind: AlertRuleKind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={draft.kind === kind}
            data-testid={`rule-kind-${kind}`}
            onClick={() => onChange(withKind(draft, kind))}
            className={`rounded border px-3 py-1 text-sm ${draft.kind === kind ? "border-sky-500 bg-sky-100 text-sky-900 dark:border-sky-600 dark:bg-sky-900 dark:text-sky-100" : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"}`}
          >
            {kind === "metric" ? "Metric" : "Log count"}
          </button>
        ))}
      </fieldset>

      {draft.kind === "metric" ? (
        <div className="flex flex-wrap items-start gap-3">
          <Field
            label="Metric"
            testId="rule-metric"
            error={errorFor(errors, "query.metric")}
            className="w-full max-w-xl"
          >
            <MetricPicker metrics={metrics} value={draft.metric || undefined} onPick={pickMetric} />
          </Field>
          <Field label="Aggregation" testId="rule-agg" error={errorFor(errors, "query.aggregation")}>
            <select
              data-testid="rule-agg-select"
              className={INPUT}
              value={draft.aggregation}
              aria-invalid={errorFor(errors, "query.aggregation") !== undefined}
              disabled={aggs.length === 0}
              onChange={(e) => pickAgg(e.target.value)}
            >
              {aggs.length === 0 && <option value="">{draft.metric === "" ? "pick a metric" : "–"}</option>}
              {aggs.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : (
        <div className="flex flex-wrap items-start gap-3">
          <Field label="Service" testId="rule-service" error={errorFor(errors, "query.service")} hint="any when empty">
            <input
              data-testid="rule-service-input"
              list={serviceListId}
              className={`${INPUT} w-56`}
              value={draft.service}
              placeholder="any service"
              onChange={(e) => set({ service: e.target.value })}
            />
            <datalist id={serviceListId}>
              {(services ?? []).map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </Field>
          <Field label="Minimum severity" testId="rule-log-severity" error={errorFor(errors, "query.severity")}>
            <select
              data-testid="rule-log-severity-select"
              className={INPUT}
              value={draft.logSeverity}
              onChange={(e) => set({ logSeverity: SEVERITY_CHOICES.find((s) => s === e.target.value) ?? "" })}
            >
              <option value="">any</option>
              {SEVERITY_CHOICES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Text"
            testId="rule-text"
            error={errorFor(errors, "query.text")}
            hint={`log search's query: words, "phrases", field:value, AND/OR/NOT`}
          >
            <SearchQueryInput
              signal="logs"
              data-testid="rule-text-input"
              className={`${INPUT} w-72`}
              value={draft.text}
              placeholder="e.g. timeout"
              onChange={(text) => set({ text })}
            />
          </Field>
        </div>
      )}

      <Field label="Filters" testId="rule-filters" error={errorFor(errors, "query.filters")}>
        <AttributeChips
          filters={draft.filters}
          spanId=""
          onChange={(filters) => set({ filters })}
          onClearSpan={() => {}}
        />
      </Field>
      <div className="flex flex-wrap items-start gap-6">
        <Field
          label="Group by"
          testId="rule-groupby"
          error={errorFor(errors, "query.groupBy")}
          hint="one alert per series of these keys"
        >
          <KeyChips
            value={draft.groupBy}
            suggestions={draft.kind === "metric" ? attributeKeys?.map((k) => k.key) : ["service.name"]}
            onChange={(groupBy) => set({ groupBy })}
          />
        </Field>
        <Field
          label="Window"
          testId="rule-window"
          error={errorFor(errors, "query.window")}
          hint="data aggregated per evaluation"
        >
          <input
            data-testid="rule-window-input"
            className={`${INPUT} w-24 font-mono`}
            value={draft.window}
            aria-invalid={errorFor(errors, "query.window") !== undefined}
            onChange={(e) => set({ window: e.target.value })}
          />
        </Field>
      </div>
    </div>
  );
}

/** Keys as removable chips, and a box (with suggestions) that adds one on Enter. */
export function KeyChips(props: {
  value: readonly string[];
  suggestions: readonly string[] | undefined;
  onChange: (keys: string[]) => void;
}) {
  const [text, setText] = useState("");
  const listId = useId();
  const add = () => {
    const key = text.trim();
    if (key === "") return;
    if (!props.value.includes(key)) props.onChange([...props.value, key]);
    setText("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    add();
  };
  return (
    <div
      className="flex flex-wrap items-center gap-1.5"
      data-testid="rule-groupby-keys"
      data-keys={props.value.join(",")}
    >
      {props.value.map((key) => (
        <span
          key={key}
          data-testid="rule-groupby-chip"
          className="inline-flex items-center gap-1 rounded-full border border-sky-300 bg-sky-50 px-2 py-0.5 font-mono text-xs text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
        >
          {key}
          <button
            type="button"
            aria-label={`Stop grouping by ${key}`}
            onClick={() => props.onChange(props.value.filter((k) => k !== key))}
            className="rounded-full px-1 leading-none hover:bg-sky-200 dark:hover:bg-sky-800"
          >
            ×
          </button>
        </span>
      ))}
      <input
        data-testid="rule-groupby-input"
        aria-label="Add a group-by key"
        list={listId}
        placeholder="key"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        className={`${INPUT} w-44 font-mono text-xs`}
      />
      <datalist id={listId}>
        {(props.suggestions ?? [])
          .filter((k) => !props.value.includes(k))
          .map((k) => (
            <option key={k} value={k} />
          ))}
      </datalist>
      <button type="button" className={`${BUTTON} text-xs`} onClick={add} data-testid="rule-groupby-add">
        Add
      </button>
    </div>
  );
}
