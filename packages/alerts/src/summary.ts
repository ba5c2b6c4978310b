// An alert's one-line summary from the rule's template: {{value}}, {{threshold}}, {{rule}},
// {{severity}} and {{<label>}} are replaced; unknown placeholders stay visible so a typo shows,
// except the names of Object.prototype's members, which render nothing.
// Without a value (no data) a template that shows the value gives way to a no-data sentence.
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

const DEFAULT_TEMPLATE = "{{rule}}: {{subject}} is {{value}} ({{condition}})";
/** A template's "{{value}} ms" would read "no data ms": without a value the default speaks instead. */
const NO_DATA_TEMPLATE = "{{rule}}: {{subject}} has no data ({{condition}})";

export function renderSummary(input: SummaryInput): string {
  const template =
    input.value === null && (input.template.trim() === "" || /\{\{\s*value\s*\}\}/.test(input.template))
      ? NO_DATA_TEMPLATE
      : input.template.trim() === ""
        ? DEFAULT_TEMPLATE
        : input.template;
  // A Map, so a placeholder reaches only these names, never Object.prototype's members.
  const known = new Map<string, string>([
    ...Object.entries(input.labels),
    ["value", formatValue(input.value)],
    ["threshold", String(input.threshold)],
    ["rule", input.ruleName],
    ["subject", input.subject],
    ["condition", input.conditionText],
  ]);
  return template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, key: string) => {
    const name = key.startsWith("labels.") ? key.slice("labels.".length) : key;
    // {{constructor}}, {{__proto__}}…: a probe of the engine, not a typo; it renders nothing.
    if (!known.has(name) && name in Object.prototype) return "";
    return known.get(name) ?? whole;
  });
}
