// The rule's live preview: the draft replayed over the last hours (POST /alert-rules/preview,
// sent PREVIEW_DEBOUNCE_MS after the last change and only for a complete draft), drawn with
// its threshold and the intervals where it would have fired.
"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AlertPreviewResponse } from "@tracelight/contracts";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Chart } from "../../components/chart.tsx";
import { EmptyState, ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { ApiRequestError, apiSend } from "../../lib/api.ts";
import { UnitWarnings } from "../metrics/unit-warnings.tsx";
import { type FieldErrors, parseApiMessage } from "./field-errors.ts";
import { firingCount, MAX_PREVIEW_SERIES, type PreviewCondition, previewChartOption } from "./preview-option.ts";
import type { RuleBody } from "./rule-draft.ts";
import { INPUT } from "./ui.tsx";

export const PREVIEW_DEBOUNCE_MS = 400;
const CHART_HEIGHT = 280;

export const PREVIEW_RANGES = [
  { label: "1 h", ms: 3_600_000 },
  { label: "6 h", ms: 6 * 3_600_000 },
  { label: "24 h", ms: 24 * 3_600_000 },
] as const;

interface PreviewAnswer {
  fromMs: number;
  toMs: number;
  data: AlertPreviewResponse;
}

/** `value` once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, key: string, ms: number): T {
  const [settled, setSettled] = useState({ key, value });
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ key, value }), ms);
    return () => clearTimeout(timer);
  }, [key, value, ms, settled.key]);
  return settled.value;
}

export function RulePreview(props: {
  /** undefined while the draft is incomplete. */
  rule: RuleBody | undefined;
  /** Why there is no preview yet (the draft's missing fields). */
  missing: readonly string[];
  /** Field errors from a 400 answer, to be shown next to the fields they name. */
  onServerErrors: (errors: FieldErrors) => void;
}) {
  const [rangeMs, setRangeMs] = useState<number>(PREVIEW_RANGES[1].ms);
  const key = props.rule === undefined ? "" : JSON.stringify(props.rule);
  const rule = useDebounced(props.rule, key, PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["/alert-rules/preview", rule, rangeMs],
    queryFn: async (): Promise<PreviewAnswer> => {
      const toMs = Date.now();
      const fromMs = toMs - rangeMs;
      const data = await apiSend<AlertPreviewResponse>("POST", "/alert-rules/preview", {
        rule,
        from: fromMs,
        to: toMs,
      });
      return { fromMs, toMs, data };
    },
    enabled: rule !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });

  const { onServerErrors } = props;
  const serverError = query.error instanceof ApiRequestError && query.error.status === 400 ? query.error : undefined;
  useEffect(() => {
    onServerErrors(serverError ? parseApiMessage(serverError.message, "rule").fields : {});
  }, [serverError, onServerErrors]);

  const answer = query.data;
  const option = useMemo(
    () =>
      answer && rule
        ? previewChartOption({ ...answer, condition: conditionOf(rule), name: seriesFallbackName(rule) })
        : undefined,
    [answer, rule],
  );
  const fired = answer ? firingCount(answer.data) : 0;
  const stale = props.rule === undefined || key !== JSON.stringify(rule) || query.isPlaceholderData;

  let body: ReactNode;
  if (props.rule === undefined && answer === undefined)
    body = (
      <EmptyState height={CHART_HEIGHT}>
        <span data-testid="rule-preview-incomplete">
          The preview appears once the rule is complete
          {props.missing.length > 0 ? `: ${props.missing.join(", ")}` : ""}.
        </span>
      </EmptyState>
    );
  else if (query.isError && !serverError)
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (serverError)
    body = (
      <p
        data-testid="rule-preview-error"
        role="alert"
        className="rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
      >
        The API cannot preview this rule: {serverError.message}
      </p>
    );
  else if (!answer || !option) body = <LoadingState height={CHART_HEIGHT} label="Replaying the rule…" />;
  else if (answer.data.series.length === 0)
    body = (
      <EmptyState height={CHART_HEIGHT}>
        <span data-testid="rule-preview-empty">No data for this query in the last {describeRange(rangeMs)}.</span>
      </EmptyState>
    );
  else
    body = (
      <div data-stale={stale} className={stale ? "opacity-50 transition-opacity" : "transition-opacity"}>
        <p className="mb-1 text-sm" data-testid="rule-preview-summary" data-fired={fired}>
          {fired === 0 ? (
            <>Would not have fired in the last {describeRange(rangeMs)}</>
          ) : (
            <>
              Would have fired <b>{fired}</b> {fired === 1 ? "time" : "times"} in the last {describeRange(rangeMs)}
            </>
          )}
          {answer.data.series.length > 1 &&
            ` (${answer.data.truncated ? "the highest " : ""}${answer.data.series.length} series${answer.data.series.length > MAX_PREVIEW_SERIES ? `, the first ${MAX_PREVIEW_SERIES} drawn` : ""})`}
          .
        </p>
        <Chart testId="rule-preview-chart" option={option} height={CHART_HEIGHT} />
      </div>
    );

  return (
    <Panel
      testId="rule-preview"
      title="Preview"
      actions={
        <>
          {query.isFetching && <span className="text-xs text-slate-400">updating…</span>}
          <select
            aria-label="Preview range"
            data-testid="rule-preview-range"
            className={INPUT}
            value={rangeMs}
            onChange={(e) => setRangeMs(Number(e.target.value))}
          >
            {PREVIEW_RANGES.map((r) => (
              <option key={r.ms} value={r.ms}>
                last {r.label}
              </option>
            ))}
          </select>
        </>
      }
    >
      {answer && !serverError && (
        <UnitWarnings warnings={answer.data.warnings} unit={answer.data.unit} testId="rule-preview-warnings" />
      )}
      {body}
    </Panel>
  );
}

/** What a series without labels is called: the metric's name, or "logs". */
function seriesFallbackName(rule: RuleBody): string {
  return rule.kind === "logs" ? "logs" : rule.query.metric;
}

function conditionOf(rule: RuleBody): PreviewCondition {
  const c = rule.condition;
  return {
    op: c.op,
    threshold: c.threshold,
    ...(c.thresholdHigh === undefined ? {} : { thresholdHigh: c.thresholdHigh }),
    ...(c.unit === undefined ? {} : { unit: c.unit }),
  };
}

function describeRange(ms: number): string {
  return PREVIEW_RANGES.find((r) => r.ms === ms)?.label ?? `${Math.round(ms / 3_600_000)} h`;
}
