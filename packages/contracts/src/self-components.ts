// GET /api/v1/status's components section: which of Tracelight's parts sent their own
// telemetry lately, so a stopped agent or web server shows on the health page.

/** The parts that report under service tracelight (resource attribute tracelight.component). */
export const SELF_COMPONENTS = ["api", "agent", "web"] as const;

/** How far back the status route looks for a part's last report. */
export const COMPONENT_LOOKBACK_S = 24 * 3600;
/** A part that reported within the look-back but not for this long has gone silent. */
export const COMPONENT_SILENT_AFTER_S = 120;

export interface ComponentStatus {
  /** api, agent, web, or another tracelight.component that reported. */
  component: string;
  /** When its last self-metrics were stored (epoch ms); null when none came within the look-back. */
  lastSeenAt: number | null;
  /** Its instances (service.instance.id) heard from within COMPONENT_SILENT_AFTER_S. */
  instances: number;
  /** Reported within the look-back, but not within COMPONENT_SILENT_AFTER_S. */
  silent: boolean;
}
