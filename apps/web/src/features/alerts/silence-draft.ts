// The silence form's state and its request body (matchers, then a duration or an end time),
// checked as the API checks it; and the matchers that silence one alert. Pure.
import type { Alert, AlertRule, SilenceInputSchema } from "@tracelight/contracts";
import { ALERT_NAME_LABEL, parseDurationSeconds, type SilenceMatcherOp } from "@tracelight/contracts/values";
import type { z } from "zod";
import { fromLocalInput } from "../../lib/time-range.ts";
import type { FieldErrors } from "./field-errors.ts";

export type SilenceBody = z.input<typeof SilenceInputSchema>;

export interface MatcherRow {
  label: string;
  op: SilenceMatcherOp;
  value: string;
}

export interface SilenceDraft {
  matchers: MatcherRow[];
  /** Ends after `duration`, or at `endsAt` (a datetime-local value). */
  endMode: "duration" | "endsAt";
  duration: string;
  endsAt: string;
  comment: string;
}

export function emptySilence(matchers: MatcherRow[] = [{ label: "", op: "=", value: "" }]): SilenceDraft {
  return { matchers, endMode: "duration", duration: "2h", endsAt: "", comment: "" };
}

/** Matchers for exactly this alert: its rule's name and its series labels (the rule's group-by keys). */
export function matchersForAlert(
  alert: Pick<Alert, "labels" | "ruleName">,
  rule?: Pick<AlertRule, "query">,
): MatcherRow[] {
  const rows: MatcherRow[] = [
    { label: ALERT_NAME_LABEL, op: "=", value: alert.labels[ALERT_NAME_LABEL] ?? alert.ruleName },
  ];
  for (const key of rule?.query.groupBy ?? []) {
    const value = alert.labels[key];
    if (value !== undefined) rows.push({ label: key, op: "=", value });
  }
  return rows;
}

export function checkSilence(draft: SilenceDraft, now: number): { body?: SilenceBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const matchers = draft.matchers;
  if (matchers.length === 0) errors.matchers = "at least one matcher is required";
  matchers.forEach((m, i) => {
    if (m.label.trim() === "") errors[`matchers.${i}.label`] = "is required";
    if (m.op === "=~" || m.op === "!~") {
      try {
        new RegExp(m.value);
      } catch {
        errors[`matchers.${i}.value`] = "is not a valid regular expression";
      }
    }
  });
  const body: SilenceBody = {
    matchers: matchers.map((m) => ({ label: m.label.trim(), op: m.op, value: m.value })),
    comment: draft.comment.trim(),
  };
  if (draft.endMode === "duration") {
    const s = parseDurationSeconds(draft.duration);
    if (s === undefined) errors.duration = 'must be a duration such as "30m", "2h" or "1d"';
    else if (s < 60 || s > 90 * 86_400) errors.duration = "must be between 1m and 90d";
    else body.duration = draft.duration.trim();
  } else {
    const end = fromLocalInput(draft.endsAt);
    if (end === undefined) errors.endsAt = "pick the end date and time";
    else if (end <= now) errors.endsAt = "must be in the future";
    else body.endsAt = end;
  }
  if (draft.comment.length > 1000) errors.comment = "at most 1000 characters";
  return Object.keys(errors).length === 0 ? { body, errors } : { errors };
}
