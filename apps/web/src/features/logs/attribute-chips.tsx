// Attribute filter chips (`key=value`, `key!=value`): an input that adds one on Enter, and a
// × on each chip. A span filter (from a link) shows as a chip too, so it can be removed.
"use client";

import type { AttributeFilter } from "@tracelight/contracts";
import { type KeyboardEvent, useState } from "react";
import { addAttributeFilter, formatAttributeFilter, removeAttributeFilter } from "./log-filters.ts";

export interface AttributeChipsProps {
  filters: AttributeFilter[];
  spanId: string;
  onChange(next: AttributeFilter[]): void;
  onClearSpan(): void;
}

const CHIP =
  "inline-flex items-center gap-1 rounded-full border border-slate-300 bg-slate-100 py-0.5 pr-1 pl-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-800";
const CHIP_X =
  "rounded-full px-1 text-slate-500 hover:bg-slate-300 hover:text-slate-900 dark:hover:bg-slate-600 dark:hover:text-white";

export function AttributeChips({ filters, spanId, onChange, onClearSpan }: AttributeChipsProps) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState(false);

  const add = () => {
    if (text.trim() === "") return;
    const next = addAttributeFilter(filters, text);
    if (next === undefined) return setProblem(true);
    setText("");
    setProblem(false);
    if (next !== filters) onChange(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter here adds the chip (and runs the search) instead of submitting the typed text.
    if (event.key !== "Enter") return;
    event.preventDefault();
    add();
  };

  return (
    <div className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="log-attr-filters">
      {spanId !== "" && (
        <span className={CHIP} data-testid="log-span-chip">
          span = {spanId}
          <button type="button" className={CHIP_X} onClick={onClearSpan} aria-label="Remove the span filter">
            ×
          </button>
        </span>
      )}
      {filters.map((f) => {
        const label = formatAttributeFilter(f);
        return (
          <span key={label} className={CHIP} data-testid="log-attr-chip">
            {label}
            <button
              type="button"
              className={CHIP_X}
              onClick={() => onChange(removeAttributeFilter(filters, f))}
              aria-label={`Remove the filter ${label}`}
            >
              ×
            </button>
          </span>
        );
      })}
      <input
        type="text"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(false);
        }}
        onKeyDown={onKeyDown}
        placeholder="attribute filter: key=value or key!=value"
        aria-label="Add an attribute filter"
        aria-invalid={problem}
        spellCheck={false}
        className={`w-80 rounded border bg-white px-2 py-0.5 font-mono text-xs dark:bg-slate-900 ${problem ? "border-red-500" : "border-slate-300 dark:border-slate-600"}`}
        data-testid="log-attr-input"
      />
      <button
        type="button"
        onClick={add}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        data-testid="log-attr-add"
      >
        Add filter
      </button>
      {problem && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          Write the filter as key=value or key!=value.
        </span>
      )}
    </div>
  );
}
