// Number and time formatting shared by every view.

export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms === 0) return "0";
  if (Math.abs(ms) < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return "–";
  if (perSecond === 0) return "0/s";
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1)}/min`;
  return `${perSecond < 10 ? perSecond.toFixed(2) : Math.round(perSecond).toLocaleString("en-US")}/s`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const pct = ratio * 100;
  if (pct === 0) return "0%";
  return `${pct < 0.1 ? pct.toFixed(2) : pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Local time "HH:mm:ss" (with the date when it is not today). */
export function formatTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString("en-GB", { hour12: false });
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? time : `${d.toLocaleDateString("en-CA")} ${time}`;
}

/** Local time with milliseconds, for logs and span starts. */
export function formatTimePrecise(ms: number): string {
  const d = new Date(ms);
  return `${formatTime(ms)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

export function formatValue(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (unit === "ms") return formatDurationMs(value);
  const abs = Math.abs(value);
  const text =
    abs >= 1e9
      ? `${(value / 1e9).toFixed(2)}G`
      : abs >= 1e6
        ? `${(value / 1e6).toFixed(2)}M`
        : abs >= 1e4
          ? `${(value / 1e3).toFixed(1)}k`
          : abs >= 100 || Number.isInteger(value)
            ? String(Math.round(value * 100) / 100)
            : value.toPrecision(3);
  return unit === "" || unit.startsWith("{") ? text : `${text} ${unit}`;
}
