// The recurring incident as a pure function of time since the demo started. Every process of
// the demo evaluates it against the same start time, so they agree without talking.

export interface IncidentSchedule {
  /** Length of one cycle, seconds. */
  periodS: number;
  /** Offset in each cycle where the incident begins, seconds. */
  startS: number;
  /** How long it lasts, seconds (startS + durationS ≤ periodS; 0 → never). */
  durationS: number;
}

/** Whether the incident is on `elapsedMs` after the demo started. */
export function incidentActive(elapsedMs: number, s: IncidentSchedule): boolean {
  if (elapsedMs < 0 || s.durationS <= 0) return false;
  const inCycle = elapsedMs % (s.periodS * 1000);
  return inCycle >= s.startS * 1000 && inCycle < (s.startS + s.durationS) * 1000;
}

/** Milliseconds from `elapsedMs` until the incident next switches on or off; undefined when it never does. */
export function msUntilChange(elapsedMs: number, s: IncidentSchedule): number | undefined {
  if (s.durationS <= 0) return undefined;
  const period = s.periodS * 1000;
  const start = s.startS * 1000;
  const end = start + s.durationS * 1000;
  // A full-period incident (start 0, duration = period) never switches off.
  if (start === 0 && end >= period) return undefined;
  const t = Math.max(0, elapsedMs);
  const inCycle = t % period;
  if (inCycle < start) return start - inCycle;
  if (inCycle < end) return end - inCycle;
  return period - inCycle + start;
}
