// The metric picker: a combobox over the catalogue. Type to filter (name, description,
// service), arrows and Enter or a click to pick (Enter on a name the catalogue lacks takes it as
// typed); each option shows type, unit, description and the services that report it.
"use client";

import type { MetricInfo } from "@tracelight/contracts";
import { useId, useMemo, useRef, useState } from "react";
import { searchMetrics } from "./catalog-search.ts";
import { TypeBadge, UnitBadge } from "./metric-badges.tsx";

const MAX_OPTIONS = 200;

export function MetricPicker(props: {
  metrics: readonly MetricInfo[] | undefined;
  value: string | undefined;
  onPick: (name: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const matches = useMemo(() => searchMetrics(props.metrics ?? [], text).slice(0, MAX_OPTIONS), [props.metrics, text]);

  const pick = (name: string | undefined) => {
    if (name === undefined) return;
    props.onPick(name);
    setOpen(false);
    setText("");
  };
  const move = (delta: number) => {
    const next = Math.max(0, Math.min(matches.length - 1, active + delta));
    setActive(next);
    listRef.current?.children[next]?.scrollIntoView({ block: "nearest" });
  };

  return (
    <div className="relative w-full max-w-xl">
      <input
        data-testid="metric-select"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches.length > 0 ? `${listId}-${active}` : undefined}
        aria-label="Metric"
        placeholder={props.metrics === undefined ? "Loading metrics…" : "Search metrics…"}
        value={open ? text : (props.value ?? "")}
        onFocus={() => {
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") move(1);
          else if (e.key === "ArrowUp") move(-1);
          // A name not in the catalogue (not loaded yet, or no data in range) is taken as typed.
          else if (e.key === "Enter") pick(matches[active]?.name ?? (text.trim() || undefined));
          else if (e.key === "Escape") (e.target as HTMLInputElement).blur();
          else return;
          e.preventDefault();
        }}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      {open && (
        <div
          id={listId}
          ref={listRef}
          role="listbox"
          data-testid="metric-options"
          className="absolute z-20 mt-1 max-h-96 w-full overflow-auto rounded border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {matches.length === 0 && (
            <p className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">
              {props.metrics === undefined ? "Loading…" : "No metric matches."}
            </p>
          )}
          {matches.map((m, i) => (
            <div
              key={m.name}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              data-testid="metric-option"
              data-metric={m.name}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m.name);
              }}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer border-b border-slate-100 px-3 py-1.5 last:border-0 dark:border-slate-800 ${i === active ? "bg-sky-50 dark:bg-sky-950" : ""}`}
            >
              <div className="flex items-center gap-2">
                <span className="truncate font-mono text-sm">{m.name}</span>
                <TypeBadge type={m.type} monotonic={m.isMonotonic} />
                <UnitBadge unit={m.unit} units={m.units} />
              </div>
              <div className="flex gap-2 text-xs text-slate-500 dark:text-slate-400">
                <span className="truncate">{m.description || "No description"}</span>
                <span className="ml-auto shrink-0">{m.services.join(", ")}</span>
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
