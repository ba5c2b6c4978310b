// The time-range picker: relative presets, absolute from/to, refresh and auto-refresh.
// Everything it changes goes to the URL (see use-time-range.tsx).
"use client";

import { useState } from "react";
import { formatTime } from "../lib/format.ts";
import { describeRange, fromLocalInput, RELATIVE_PRESETS, toLocalInput } from "../lib/time-range.ts";
import { REFRESH_CHOICES, useTimeRange } from "../lib/use-time-range.tsx";

const BUTTON =
  "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

export function TimePicker() {
  const time = useTimeRange();
  const [open, setOpen] = useState(false);
  const [fromInput, setFromInput] = useState("");
  const [toInput, setToInput] = useState("");
  const [error, setError] = useState<string | null>(null);

  const openPicker = () => {
    setFromInput(toLocalInput(time.range.fromMs));
    setToInput(toLocalInput(time.range.toMs));
    setError(null);
    setOpen((o) => !o);
  };
  const applyAbsolute = () => {
    const from = fromLocalInput(fromInput);
    const to = fromLocalInput(toInput);
    if (from === undefined || to === undefined) return setError("Enter both times as YYYY-MM-DD HH:mm.");
    if (from >= to) return setError("“From” must be before “to”.");
    time.zoomTo(from, to);
    setOpen(false);
  };

  return (
    <div className="relative flex items-center gap-1" data-testid="time-picker">
      <button type="button" className={BUTTON} onClick={openPicker} data-testid="time-picker-button">
        {describeRange(time.expr, (ms) => formatTime(ms))}
      </button>
      <button type="button" className={BUTTON} onClick={time.refreshNow} title="Refresh now" data-testid="refresh-now">
        ↻
      </button>
      <select
        aria-label="Auto-refresh"
        className={`${BUTTON} bg-transparent`}
        value={time.refresh}
        onChange={(e) => time.setRefresh(e.target.value)}
        data-testid="auto-refresh"
      >
        {REFRESH_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.value === "" ? "Auto-refresh off" : `Every ${c.label}`}
          </option>
        ))}
      </select>
      {open && (
        <div className="absolute top-9 right-0 z-20 flex w-[28rem] gap-4 rounded-lg border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <ul className="w-40 space-y-0.5">
            {RELATIVE_PRESETS.map((p) => (
              <li key={p.from}>
                <button
                  type="button"
                  className="w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                  onClick={() => {
                    time.setRange({ from: p.from, to: "now" });
                    setOpen(false);
                  }}
                >
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
          <div className="flex flex-1 flex-col gap-2 text-sm">
            <label className="flex flex-col gap-1">
              From
              <input
                type="datetime-local"
                value={fromInput}
                onChange={(e) => setFromInput(e.target.value)}
                className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-600"
                data-testid="time-from"
              />
            </label>
            <label className="flex flex-col gap-1">
              To
              <input
                type="datetime-local"
                value={toInput}
                onChange={(e) => setToInput(e.target.value)}
                className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-600"
                data-testid="time-to"
              />
            </label>
            {error && <p className="text-red-600 dark:text-red-400">{error}</p>}
            <button type="button" className={BUTTON} onClick={applyAbsolute} data-testid="time-apply">
              Apply range
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
