// The rule editor (/alerts/rules/new, /alerts/rules/<id>): the form, its live preview, and
// save / delete / enable. The client checks the draft as the API does; a 400 from the API is
// split by field path and shown next to the fields it names.
"use client";

import type { AlertRule, Channel, MetricAttributeKey, MetricInfo } from "@tracelight/contracts";
import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useState } from "react";
import { ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { ApiRequestError } from "../../lib/api.ts";
import { formatTime } from "../../lib/format.ts";
import { RequireRole, RoleNote } from "../../lib/use-me.tsx";
import { errorFor, type FieldErrors, parseApiMessage, unplacedErrors } from "./field-errors.ts";
import { CONDITION_FIELD_KEYS, RuleConditionFields } from "./rule-condition-fields.tsx";
import { checkDraft, draftFromRule, emptyDraft, previewRule, type RuleDraft } from "./rule-draft.ts";
import { RulePreview } from "./rule-preview.tsx";
import { QUERY_FIELD_KEYS, RuleQueryFields } from "./rule-query-fields.tsx";
import { ruleValueUnit } from "./threshold-unit.ts";
import {
  BUTTON,
  ConfirmDeleteButton,
  errorMessage,
  Field,
  FormErrors,
  INPUT,
  PageHeader,
  PRIMARY_BUTTON,
} from "./ui.tsx";
import { useChannels, useDeleteRule, useRule, useRulePickers, useSaveRule } from "./use-alerts-data.ts";

/** Loads the rule (when editing) and the channels, then shows the form. */
export function RuleEditorView({ id }: { id?: string }) {
  const rule = useRule(id);
  const channels = useChannels();
  if (id !== undefined && rule.isError)
    return (
      <div className="space-y-3">
        <PageHeader title="Alert rule" />
        <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />
      </div>
    );
  if (id !== undefined && rule.data === undefined)
    return (
      <div className="space-y-3">
        <PageHeader title="Alert rule" />
        <LoadingState height={400} />
      </div>
    );
  return (
    <RuleEditor
      key={rule.data?.updatedAt ?? "new"}
      rule={rule.data}
      channels={channels.data?.channels}
      channelsError={channels.error}
    />
  );
}

/** What a server error means for the form: messages per field and the rest. */
function serverErrorsOf(error: unknown): { fields: FieldErrors; general: string[] } {
  if (error instanceof ApiRequestError && error.status === 400) return parseApiMessage(error.message);
  return error ? { fields: {}, general: [errorMessage(error)] } : { fields: {}, general: [] };
}

export function RuleEditor(props: {
  rule?: AlertRule | undefined;
  channels: readonly Channel[] | undefined;
  channelsError?: unknown;
  /** Picker data; the page reads it from the API, tests pass it in. */
  pickers?: {
    metrics?: readonly MetricInfo[];
    attributeKeys?: readonly MetricAttributeKey[];
    services?: readonly string[];
  };
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<RuleDraft>(() => (props.rule ? draftFromRule(props.rule) : emptyDraft()));
  const [submitted, setSubmitted] = useState(false);
  const [previewErrors, setPreviewErrors] = useState<FieldErrors>({});
  const save = useSaveRule(props.rule?.id);
  const remove = useDeleteRule(props.rule?.id ?? "");
  const fetched = useRulePickers(draft.kind, draft.metric, props.pickers === undefined);
  const metrics = props.pickers?.metrics ?? fetched.metrics.data?.metrics;
  const attributeKeys = props.pickers?.attributeKeys ?? fetched.attributes.data?.keys;
  const services = props.pickers?.services ?? fetched.services.data?.services.map((s) => s.name);
  const metricInfo = metrics?.find((m) => m.name === draft.metric);
  const metricType = metricInfo?.type;
  const valueUnit = draft.kind === "metric" ? ruleValueUnit(metricInfo, draft.aggregation) : "";

  const check = checkDraft(draft, metricType);
  const server = serverErrorsOf(save.error);
  // The client's errors once a save was tried; the server's (save, then preview) always.
  const errors: FieldErrors = { ...previewErrors, ...server.fields, ...(submitted ? check.errors : {}) };
  const general = [
    ...server.general,
    ...unplacedErrors(errors, ["name", "enabled", ...QUERY_FIELD_KEYS, ...CONDITION_FIELD_KEYS]),
  ];
  const preview = previewRule(draft, metricType);
  const missing = Object.entries(checkDraft({ ...draft, name: "preview" }, metricType).errors).map(
    ([path, message]) => `${path.replace(/^(query|condition)\./, "")} ${message}`,
  );
  const onPreviewErrors = useCallback((e: FieldErrors) => setPreviewErrors(e), []);

  const change = (next: RuleDraft) => {
    setDraft(next);
    if (save.isError) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (check.body === undefined) return;
    save.mutate(check.body, { onSuccess: () => router.push("/alerts") });
  };
  const toggleEnabled = () => {
    if (!props.rule) return;
    const body = checkDraft({ ...draftFromRule(props.rule), enabled: !props.rule.enabled }).body;
    if (body) save.mutate(body);
  };

  return (
    <form className="space-y-3" onSubmit={submit} noValidate data-testid="rule-editor">
      <PageHeader
        title={props.rule ? `Rule: ${props.rule.name}` : "New alert rule"}
        actions={
          props.rule && (
            <>
              <span data-testid="rule-enabled-state" className="text-xs text-slate-500 dark:text-slate-400">
                {props.rule.enabled ? "enabled" : "disabled"}
                {props.rule.health.lastEvalAt !== null &&
                  `, last evaluated ${formatTime(props.rule.health.lastEvalAt)}`}
              </span>
              {props.rule.health.error !== null && (
                <span data-testid="rule-eval-error" className="text-xs text-red-700 dark:text-red-400">
                  last evaluation failed: {props.rule.health.error}
                </span>
              )}
              <RequireRole min="editor">
                <button
                  type="button"
                  className={BUTTON}
                  onClick={toggleEnabled}
                  disabled={save.isPending}
                  data-testid="rule-toggle-enabled"
                >
                  {props.rule.enabled ? "Disable" : "Enable"}
                </button>
                {props.rule.builtinKey === undefined ? (
                  <ConfirmDeleteButton
                    question="Delete this rule and its alerts?"
                    pending={remove.isPending}
                    onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/alerts") })}
                    testId="rule-delete"
                  />
                ) : (
                  <span data-testid="rule-builtin" className="text-xs text-slate-500 dark:text-slate-400">
                    built in: Tracelight watching itself; disable it rather than delete it
                  </span>
                )}
              </RequireRole>
            </>
          )
        }
      />
      <FormErrors
        messages={remove.error ? [`Could not delete: ${errorMessage(remove.error)}`] : []}
        testId="rule-delete-error"
      />
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="space-y-3">
          <Panel title="Rule">
            <div className="flex flex-wrap items-start gap-3">
              <Field label="Name" testId="rule-name" error={errorFor(errors, "name")} className="w-full max-w-md">
                <input
                  data-testid="rule-name-input"
                  className={INPUT}
                  value={draft.name}
                  aria-invalid={errorFor(errors, "name") !== undefined}
                  placeholder="checkout p99 too slow"
                  onChange={(e) => change({ ...draft, name: e.target.value })}
                />
              </Field>
              <label className="mt-5 flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  data-testid="rule-enabled"
                  checked={draft.enabled}
                  onChange={(e) => change({ ...draft, enabled: e.target.checked })}
                />
                enabled
              </label>
            </div>
          </Panel>
          <Panel title="Query">
            <RuleQueryFields
              draft={draft}
              errors={errors}
              onChange={change}
              metrics={metrics}
              attributeKeys={attributeKeys}
              services={services}
            />
          </Panel>
          <Panel title="Condition and notification">
            <RuleConditionFields
              draft={draft}
              errors={errors}
              onChange={change}
              valueUnit={valueUnit}
              channels={props.channels}
              channelsError={props.channelsError}
            />
          </Panel>
        </div>
        <div className="space-y-3">
          <RulePreview rule={preview} missing={missing} onServerErrors={onPreviewErrors} />
        </div>
      </div>
      <FormErrors messages={general} testId="rule-errors" />
      {submitted && check.body === undefined && (
        <p role="alert" data-testid="rule-invalid" className="text-sm text-red-700 dark:text-red-400">
          Fix the marked fields to save the rule.
        </p>
      )}
      <div className="flex items-center gap-2">
        <RequireRole
          min="editor"
          fallback={<RoleNote min="editor" what={props.rule ? "changing rules" : "creating rules"} />}
        >
          <button type="submit" className={PRIMARY_BUTTON} disabled={save.isPending} data-testid="rule-save">
            {save.isPending ? "Saving…" : props.rule ? "Save changes" : "Create rule"}
          </button>
        </RequireRole>
        <button type="button" className={BUTTON} onClick={() => router.push("/alerts")} data-testid="rule-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
