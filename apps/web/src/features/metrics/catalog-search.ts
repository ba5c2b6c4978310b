// Filtering the metric catalogue as the user types: every word must appear in the name, the
// description or a service; names that start with the text come first. Pure.
import type { MetricInfo } from "@tracelight/contracts";

export function searchMetrics(metrics: readonly MetricInfo[], text: string): MetricInfo[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return [...metrics];
  const words = needle.split(/\s+/);
  const matches = metrics.filter((m) => {
    const hay = `${m.name} ${m.description} ${m.services.join(" ")} ${m.type}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const rank = (m: MetricInfo) => {
    const name = m.name.toLowerCase();
    return name === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : 3;
  };
  // Array.prototype.sort is stable: equal ranks keep the catalogue's (alphabetical) order.
  return matches.sort((a, b) => rank(a) - rank(b));
}
