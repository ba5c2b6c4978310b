// An alert's labels (series labels, the rule's labels, alertname and severity) and the stable
// key that names one series within a rule.
import {
  ALERT_NAME_LABEL,
  ALERT_SEVERITY_LABEL,
  type AlertSeverity,
  type AttributeMap,
} from "@tracelight/contracts/values";

export function alertLabels(
  rule: { name: string; severity: AlertSeverity; labels: AttributeMap },
  seriesLabels: AttributeMap,
): AttributeMap {
  return { ...seriesLabels, ...rule.labels, [ALERT_NAME_LABEL]: rule.name, [ALERT_SEVERITY_LABEL]: rule.severity };
}

/** Same labels in any key order → same key; a rule without group-by has the one key "{}". */
export function seriesFingerprint(seriesLabels: AttributeMap): string {
  const sorted = Object.keys(seriesLabels)
    .sort()
    .map((k) => [k, seriesLabels[k]]);
  return sorted.length === 0 ? "{}" : JSON.stringify(sorted);
}
