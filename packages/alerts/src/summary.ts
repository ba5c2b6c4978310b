// An alert's one-line summary from the rule's template: {{value}}, {{threshold}}, {{rule}},
// {{severity}} and {{<label>}} are replaced; unknown placeholders stay visible so a typo shows.
import type { AttributeMap } from "@tracelight/contracts/values";

export interface SummaryInput {
  template: string;
  ruleName: string;
  /** e.g. "p99(http.server.request.duration)" or "count(logs)". */
  subject: string;
  conditionText: string;
  threshold: number;
  value: number | null;
  labels: AttributeMap;
}

export function formatValue(value: number | null): string {
  if (value === null) return "no data";
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

export function renderSummary(input: SummaryInput): string {
  const template = input.template.trim() === "" ? "{{rule}}: {{subject}} is {{value}} ({{condition}})" : input.template;
  const known: Record<string, string> = {
    ...input.labels,
    value: formatValue(input.value),
    threshold: String(input.threshold),
    rule: input.ruleName,
    subject: input.subject,
    condition: input.conditionText,
  };
  return template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, key: string) => {
    const name = key.startsWith("labels.") ? key.slice("labels.".length) : key;
    return known[name] ?? whole;
  });
}
