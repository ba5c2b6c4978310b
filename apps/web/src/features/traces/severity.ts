// Log severity as the trace view shows it: a name, a badge colour and a marker colour.
import { SEVERITY_MIN_NUMBER, type SeverityName } from "@tracelight/contracts/values";

const NAMES = Object.entries(SEVERITY_MIN_NUMBER).sort((a, b) => b[1] - a[1]) as [SeverityName, number][];

/** The OTLP range a SeverityNumber falls in (1–4 TRACE … 21–24 FATAL); UNSET for 0. */
export function severityName(severityNumber: number, severityText = ""): string {
  if (severityNumber > 0) return NAMES.find(([, min]) => severityNumber >= min)?.[0] ?? "TRACE";
  return severityText.trim() === "" ? "UNSET" : severityText.trim().toUpperCase();
}

export function severityBadgeClass(name: string): string {
  switch (name) {
    case "FATAL":
    case "ERROR":
      return "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300";
    case "WARN":
    case "WARNING":
      return "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";
    case "INFO":
      return "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300";
    default:
      return "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400";
  }
}

export function severityMarkerColor(name: string): string {
  if (name === "ERROR" || name === "FATAL") return "#dc2626";
  if (name === "WARN" || name === "WARNING") return "#d97706";
  return "#64748b";
}
