// Log severities as the UI shows them: the OTLP range a SeverityNumber falls in, its colour
// (histogram bars and row badges use the same one) and the minimum-severity choices.
import { LOG_HISTOGRAM_SEVERITIES, type LogHistogramSeverity, type SeverityName } from "@tracelight/contracts/values";

/** The choices of the minimum-severity filter, lowest first. */
export const SEVERITY_CHOICES: readonly SeverityName[] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

/** One colour per range, readable on both themes; INFO is the calm majority. */
export const SEVERITY_COLORS: Record<LogHistogramSeverity, string> = {
  TRACE: "#94a3b8",
  DEBUG: "#8b5cf6",
  INFO: "#3b82f6",
  WARN: "#f59e0b",
  ERROR: "#ef4444",
  FATAL: "#be123c",
  UNSPECIFIED: "#64748b",
};

/** SeverityNumber → OTLP range (1–4 TRACE … 21–24 FATAL), the same buckets as the histogram. */
export function severityRange(severityNumber: number): LogHistogramSeverity {
  if (!Number.isFinite(severityNumber) || severityNumber <= 0) return "UNSPECIFIED";
  const index = Math.min(5, Math.floor((severityNumber - 1) / 4));
  return LOG_HISTOGRAM_SEVERITIES[index] ?? "FATAL";
}

/** The badge text: the sender's own text when it has one ("warning", "E"), else the range. */
export function severityLabel(severityText: string, severityNumber: number): string {
  const text = severityText.trim();
  if (text !== "") return text.toUpperCase();
  const range = severityRange(severityNumber);
  return range === "UNSPECIFIED" ? "—" : range;
}

/** Parses the `severity` URL value the way the API does (case-insensitive, WARNING = WARN). */
export function parseSeverity(text: string | undefined): SeverityName | undefined {
  const upper = text?.trim().toUpperCase();
  const name = upper === "WARNING" ? "WARN" : upper;
  return SEVERITY_CHOICES.find((s) => s === name);
}

/** Badge classes per range, for the places that show a severity as text on a tinted chip. */
export function severityBadgeClass(range: LogHistogramSeverity): string {
  switch (range) {
    case "FATAL":
    case "ERROR":
      return "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300";
    case "WARN":
      return "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";
    case "INFO":
      return "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300";
    default:
      return "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400";
  }
}
