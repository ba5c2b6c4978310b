// The rule editor's "when and whom" fields: comparison and threshold(s), for-duration or N of M,
// what no data means, severity, labels, the summary template and the channels to notify.
"use client";

import type { Channel } from "@tracelight/contracts";
import { ALERT_SEVERITIES, CONDITION_OPS, NO_DATA_POLICIES, type NoDataPolicy } from "@tracelight/contracts/values";
import Link from "next/link";
import { errorFor, type FieldErrors } from "./field-errors.ts";
import type { RuleDraft } from "./rule-draft.ts";
import { thresholdUnits, unitChoiceLabel } from "./threshold-unit.ts";
import { BUTTON, Field, INPUT } from "./ui.tsx";

export const CONDITION_FIELD_KEYS = [
  "condition",
  "condition.op",
  "condition.threshold",
  "condition.thresholdHigh",
  "condition.unit",
  "condition.for",
  "condition.nOfM",
  "condition.noData",
  "severity",
  "labels",
  "summary",
  "channelIds",
];

const NO_DATA_LABELS: Record<NoDataPolicy, string> = {
  ok: "counts as OK",
  alerting: "counts as breaching",
  keep: "keeps the last state",
};

const OP_LABELS: Record<string, string> = {
  ">": "above (>)",
  ">=": "at or above (>=)",
  "<": "below (<)",
  "<=": "at or below (<=)",
  outside: "outside the range",
};

export function RuleConditionFields(props: {
  draft: RuleDraft;
  errors: FieldErrors;
  onChange: (next: RuleDraft) => void;
  /** The unit of the rule's values ("" for none, such as log counts). */
  valueUnit: string;
  channels: readonly Channel[] | undefined;
  channelsError: unknown;
}) {
  const { draft, errors } = props;
  const set = (patch: Partial<RuleDraft>) => props.onChange({ ...draft, ...patch });
  const invalid = (key: string) => errorFor(errors, key) !== undefined;
  const nOfMError = errorFor(errors, "condition.nOfM");

  return (
    <div className="space-y-3" data-testid="rule-condition">
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Condition" testId="rule-op" error={errorFor(errors, "condition.op")}>
          <select
            data-testid="rule-op-select"
            className={INPUT}
            value={draft.op}
            onChange={(e) => set({ op: CONDITION_OPS.find((o) => o === e.target.value) ?? ">" })}
          >
            {CONDITION_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op] ?? op}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={draft.op === "outside" ? "Low bound" : "Threshold"}
          testId="rule-threshold"
          error={errorFor(errors, "condition.threshold")}
        >
          <input
            data-testid="rule-threshold-input"
            inputMode="decimal"
            className={`${INPUT} w-32 font-mono`}
            value={draft.threshold}
            aria-invalid={invalid("condition.threshold")}
            placeholder="e.g. 800"
            onChange={(e) => set({ threshold: e.target.value })}
          />
        </Field>
        {draft.op === "outside" && (
          <Field label="High bound" testId="rule-threshold-high" error={errorFor(errors, "condition.thresholdHigh")}>
            <input
              data-testid="rule-threshold-high-input"
              inputMode="decimal"
              className={`${INPUT} w-32 font-mono`}
              value={draft.thresholdHigh}
              aria-invalid={invalid("condition.thresholdHigh")}
              onChange={(e) => set({ thresholdHigh: e.target.value })}
            />
          </Field>
        )}
        <ThresholdUnit
          valueUnit={props.valueUnit}
          value={draft.unit}
          error={errorFor(errors, "condition.unit")}
          onChange={(unit) => set({ unit })}
        />
        <Field label="No data" testId="rule-nodata" error={errorFor(errors, "condition.noData")}>
          <select
            data-testid="rule-nodata-select"
            className={INPUT}
            value={draft.noData}
            onChange={(e) => set({ noData: NO_DATA_POLICIES.find((p) => p === e.target.value) ?? "ok" })}
          >
            {NO_DATA_POLICIES.map((p) => (
              <option key={p} value={p}>
                {NO_DATA_LABELS[p]}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <div className="flex flex-wrap items-start gap-3">
        <Field label="Fire" testId="rule-mode">
          <div role="radiogroup" aria-label="Fire when" className="flex gap-3 text-sm">
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="rule-mode"
                data-testid="rule-mode-for"
                checked={draft.mode === "for"}
                onChange={() => set({ mode: "for" })}
              />
              after it holds for
            </label>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="rule-mode"
                data-testid="rule-mode-nofm"
                checked={draft.mode === "nOfM"}
                onChange={() => set({ mode: "nOfM" })}
              />
              N of the last M evaluations
            </label>
          </div>
        </Field>
        {draft.mode === "for" ? (
          <Field label="For" testId="rule-for" error={errorFor(errors, "condition.for")} hint="0s fires at once">
            <input
              data-testid="rule-for-input"
              className={`${INPUT} w-24 font-mono`}
              value={draft.for}
              aria-invalid={invalid("condition.for")}
              onChange={(e) => set({ for: e.target.value })}
            />
          </Field>
        ) : (
          <Field label="N of M" testId="rule-nofm" error={nOfMError}>
            <span className="flex items-center gap-1 text-sm">
              <input
                data-testid="rule-n-input"
                aria-label="N"
                inputMode="numeric"
                className={`${INPUT} w-16 font-mono`}
                value={draft.n}
                aria-invalid={errors["condition.nOfM.n"] !== undefined}
                onChange={(e) => set({ n: e.target.value })}
              />
              of
              <input
                data-testid="rule-m-input"
                aria-label="M"
                inputMode="numeric"
                className={`${INPUT} w-16 font-mono`}
                value={draft.m}
                aria-invalid={errors["condition.nOfM.m"] !== undefined}
                onChange={(e) => set({ m: e.target.value })}
              />
            </span>
          </Field>
        )}
        <Field label="Severity" testId="rule-severity" error={errorFor(errors, "severity")}>
          <select
            data-testid="rule-severity-select"
            className={INPUT}
            value={draft.severity}
            onChange={(e) => set({ severity: ALERT_SEVERITIES.find((s) => s === e.target.value) ?? "warning" })}
          >
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <Field label="Labels" testId="rule-labels" error={errorFor(errors, "labels")}>
        <div className="space-y-1">
          {draft.labels.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <div key={i} className="flex items-center gap-1" data-testid="rule-label-row">
              <input
                data-testid="rule-label-key"
                aria-label="Label name"
                placeholder="name"
                className={`${INPUT} w-40 font-mono`}
                value={row.key}
                onChange={(e) =>
                  set({ labels: draft.labels.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)) })
                }
              />
              =
              <input
                data-testid="rule-label-value"
                aria-label="Label value"
                placeholder="value"
                className={`${INPUT} w-56 font-mono`}
                value={row.value}
                onChange={(e) =>
                  set({ labels: draft.labels.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })
                }
              />
              <button
                type="button"
                aria-label="Remove label"
                className={BUTTON}
                onClick={() => set({ labels: draft.labels.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            data-testid="rule-label-add"
            className={`${BUTTON} text-xs`}
            onClick={() => set({ labels: [...draft.labels, { key: "", value: "" }] })}
          >
            + label
          </button>
        </div>
      </Field>

      <Field
        label="Summary"
        testId="rule-summary"
        error={errorFor(errors, "summary")}
        hint={
          <>
            Template: <code>{"{{value}}"}</code>, <code>{"{{threshold}}"}</code>, <code>{"{{rule}}"}</code> and{" "}
            <code>{"{{<label>}}"}</code> are filled in.
          </>
        }
      >
        <input
          data-testid="rule-summary-input"
          className={`${INPUT} w-full max-w-2xl`}
          value={draft.summary}
          placeholder="p99 latency of {{service.name}} is {{value}} (threshold {{threshold}})"
          onChange={(e) => set({ summary: e.target.value })}
        />
      </Field>

      <Field label="Notify" testId="rule-channels" error={errorFor(errors, "channelIds")}>
        <ChannelChoices
          channels={props.channels}
          error={props.channelsError}
          value={draft.channelIds}
          onChange={(channelIds) => set({ channelIds })}
        />
      </Field>
    </div>
  );
}

/** What the thresholds are written in: a choice when several units convert, else the one unit. */
function ThresholdUnit(props: {
  valueUnit: string;
  /** "" states none: the values' own unit. */
  value: string;
  error: string | undefined;
  onChange: (unit: string) => void;
}) {
  const units = thresholdUnits(props.valueUnit);
  if (units.length === 0) return null;
  return (
    <Field label="Unit" testId="rule-threshold-unit" error={props.error}>
      {units.length === 1 ? (
        <span className="inline-block py-1 font-mono text-sm">{unitChoiceLabel(props.valueUnit)}</span>
      ) : (
        <select
          data-testid="rule-threshold-unit-select"
          className={INPUT}
          value={props.value || props.valueUnit}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {unitChoiceLabel(u)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function ChannelChoices(props: {
  channels: readonly Channel[] | undefined;
  error: unknown;
  value: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  if (props.error) return <span className="text-sm text-red-700 dark:text-red-400">Could not load the channels.</span>;
  if (props.channels === undefined) return <span className="text-sm text-slate-500">Loading channels…</span>;
  const known = new Set(props.channels.map((c) => c.id));
  const missing = props.value.filter((id) => !known.has(id));
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="rule-channel-list">
      {props.channels.length === 0 && <span className="text-slate-500 dark:text-slate-400">No channels yet.</span>}
      {props.channels.map((c) => (
        <label key={c.id} className="flex items-center gap-1.5" data-testid="rule-channel-option" data-channel={c.name}>
          <input
            type="checkbox"
            checked={props.value.includes(c.id)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.value, c.id] : props.value.filter((id) => id !== c.id))
            }
          />
          {c.name} <span className="text-xs text-slate-500">({c.type})</span>
        </label>
      ))}
      {missing.map((id) => (
        <label key={id} className="flex items-center gap-1.5 text-red-700 dark:text-red-400">
          <input type="checkbox" checked onChange={() => props.onChange(props.value.filter((v) => v !== id))} />
          deleted channel {id.slice(0, 8)}
        </label>
      ))}
      <Link href="/alerts/channels" className="text-xs text-sky-700 underline dark:text-sky-400">
        manage channels
      </Link>
    </div>
  );
}
