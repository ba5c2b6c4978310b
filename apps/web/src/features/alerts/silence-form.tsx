// The silence form: label matchers, an end (duration or time) and a comment. Used on the
// silences page and, pre-filled with an alert's matchers, on the alert's page.
"use client";

import { SILENCE_MATCHER_OPS } from "@tracelight/contracts/values";
import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../../lib/api.ts";
import { errorFor, type FieldErrors, parseApiMessage, unplacedErrors } from "./field-errors.ts";
import { checkSilence, emptySilence, type MatcherRow, type SilenceDraft } from "./silence-draft.ts";
import { BUTTON, errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "./ui.tsx";
import { useCreateSilence } from "./use-alerts-data.ts";

const SHOWN = ["matchers", "duration", "endsAt", "comment", "startsAt"];

export function SilenceForm(props: { initial?: MatcherRow[]; onDone: () => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState<SilenceDraft>(() => emptySilence(props.initial));
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateSilence();
  const check = checkSilence(draft, Date.now());
  const server =
    create.error instanceof ApiRequestError && create.error.status === 400
      ? parseApiMessage(create.error.message)
      : { fields: {}, general: create.error ? [errorMessage(create.error)] : [] };
  const errors: FieldErrors = { ...server.fields, ...(submitted ? check.errors : {}) };
  const general = [...server.general, ...unplacedErrors(errors, SHOWN)];

  const set = (patch: Partial<SilenceDraft>) => {
    setDraft({ ...draft, ...patch });
    if (create.isError) create.reset();
  };
  const setMatcher = (i: number, patch: Partial<MatcherRow>) =>
    set({ matchers: draft.matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (check.body === undefined) return;
    create.mutate(check.body, { onSuccess: () => props.onDone() });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3" data-testid="silence-form">
      <Field label="Matchers (all must match)" testId="silence-matchers" error={errors.matchers}>
        <div className="space-y-1">
          {draft.matchers.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <div key={i} className="flex flex-wrap items-center gap-1" data-testid="silence-matcher-row">
              <input
                data-testid="silence-matcher-label"
                aria-label="Label"
                placeholder="label"
                className={`${INPUT} w-40 font-mono`}
                value={m.label}
                aria-invalid={errorFor(errors, `matchers.${i}.label`) !== undefined}
                onChange={(e) => setMatcher(i, { label: e.target.value })}
              />
              <select
                data-testid="silence-matcher-op"
                aria-label="Operator"
                className={INPUT}
                value={m.op}
                onChange={(e) => setMatcher(i, { op: SILENCE_MATCHER_OPS.find((o) => o === e.target.value) ?? "=" })}
              >
                {SILENCE_MATCHER_OPS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                data-testid="silence-matcher-value"
                aria-label="Value"
                placeholder="value"
                className={`${INPUT} w-56 font-mono`}
                value={m.value}
                aria-invalid={errorFor(errors, `matchers.${i}.value`) !== undefined}
                onChange={(e) => setMatcher(i, { value: e.target.value })}
              />
              <button
                type="button"
                aria-label="Remove matcher"
                className={BUTTON}
                onClick={() => set({ matchers: draft.matchers.filter((_, j) => j !== i) })}
              >
                ×
              </button>
              {[errorFor(errors, `matchers.${i}.label`), errorFor(errors, `matchers.${i}.value`)]
                .filter((x) => x !== undefined)
                .map((x) => (
                  <span
                    key={x}
                    role="alert"
                    data-testid="silence-matcher-error"
                    className="text-xs text-red-700 dark:text-red-400"
                  >
                    {x}
                  </span>
                ))}
            </div>
          ))}
          <button
            type="button"
            data-testid="silence-matcher-add"
            className={`${BUTTON} text-xs`}
            onClick={() => set({ matchers: [...draft.matchers, { label: "", op: "=", value: "" }] })}
          >
            + matcher
          </button>
        </div>
      </Field>
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Ends" testId="silence-end-mode">
          <select
            data-testid="silence-end-mode-select"
            className={INPUT}
            value={draft.endMode}
            onChange={(e) => set({ endMode: e.target.value === "endsAt" ? "endsAt" : "duration" })}
          >
            <option value="duration">after</option>
            <option value="endsAt">at</option>
          </select>
        </Field>
        {draft.endMode === "duration" ? (
          <Field label="Duration" testId="silence-duration" error={errors.duration} hint='e.g. "30m", "2h", "1d"'>
            <input
              data-testid="silence-duration-input"
              className={`${INPUT} w-24 font-mono`}
              value={draft.duration}
              aria-invalid={errors.duration !== undefined}
              onChange={(e) => set({ duration: e.target.value })}
            />
          </Field>
        ) : (
          <Field label="End time" testId="silence-ends-at" error={errors.endsAt}>
            <input
              type="datetime-local"
              data-testid="silence-ends-at-input"
              className={INPUT}
              value={draft.endsAt}
              aria-invalid={errors.endsAt !== undefined}
              onChange={(e) => set({ endsAt: e.target.value })}
            />
          </Field>
        )}
        <Field label="Comment" testId="silence-comment" error={errors.comment} className="min-w-64 flex-1">
          <input
            data-testid="silence-comment-input"
            className={INPUT}
            value={draft.comment}
            placeholder="why, and who to ask"
            onChange={(e) => set({ comment: e.target.value })}
          />
        </Field>
      </div>
      <FormErrors messages={general} testId="silence-errors" />
      <div className="flex gap-2">
        <button type="submit" className={PRIMARY_BUTTON} disabled={create.isPending} data-testid="silence-save">
          {create.isPending ? "Saving…" : "Create silence"}
        </button>
        {props.onCancel && (
          <button type="button" className={BUTTON} onClick={props.onCancel} data-testid="silence-cancel">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
