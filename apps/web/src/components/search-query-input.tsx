// The search language's box with autocomplete: as the user types, field names for the token at
// the cursor, then values after `field:` (search-completion.ts decides which, and quotes what
// it inserts). Up/down highlight a suggestion, Enter takes the highlighted one, Tab the
// highlighted or the first, Esc closes the list, a click takes one. Nothing is highlighted until
// an arrow key is pressed, so Enter after a query typed in full still submits the form.
"use client";

import type { SearchSignal } from "@tracelight/contracts";
import {
  type InputHTMLAttributes,
  type KeyboardEvent,
  type SyntheticEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { applySuggestion, type Completion, completionAt } from "./search-completion.ts";
import { type Suggestion, useSearchSuggestions } from "./search-suggestions.ts";

export interface SearchQueryInputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> {
  value: string;
  onChange(value: string): void;
  /** Which data the suggestions come from. */
  signal: SearchSignal;
  /** The page's range (epoch ms); the API's default (the last hour) without it. */
  range?: { from: number; to: number };
}

/** A field name is suggested once a character of it is typed; a value as soon as `field:` is. */
const worthCompleting = (c: Completion | undefined): c is Completion =>
  c !== undefined && (c.kind === "value" || c.prefix !== "");

export function SearchQueryInput({
  value,
  onChange,
  signal,
  range,
  onKeyDown,
  onBlur,
  ...input
}: SearchQueryInputProps) {
  const listId = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [cursor, setCursor] = useState(value.length);
  const [open, setOpen] = useState(false);
  /** The highlighted suggestion; -1: none. */
  const [active, setActive] = useState(-1);
  const placeCursor = useRef<number | undefined>(undefined);

  const found = open ? completionAt(value, Math.min(cursor, value.length)) : undefined;
  const completion = worthCompleting(found) ? found : undefined;
  const { items, loading } = useSearchSuggestions(signal, completion, range);
  const shown = completion !== undefined && (items.length > 0 || loading);
  const highlighted = Math.min(active, items.length - 1);
  const chosen = items[highlighted];

  // After an insertion the cursor goes where applySuggestion says, once the new value is in.
  useLayoutEffect(() => {
    const at = placeCursor.current;
    if (at === undefined || ref.current === null || ref.current.value !== value) return;
    placeCursor.current = undefined;
    ref.current.setSelectionRange(at, at);
  }, [value]);

  const follow = (e: SyntheticEvent<HTMLInputElement>) => setCursor(e.currentTarget.selectionStart ?? value.length);
  const accept = (s: Suggestion) => {
    if (completion === undefined) return;
    const next = applySuggestion(value, completion, s.text);
    placeCursor.current = next.cursor;
    setCursor(next.cursor);
    setActive(-1);
    // After a field the list stays open for its values; after a value it closes.
    setOpen(completion.kind === "field");
    onChange(next.query);
  };
  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (shown && items.length > 0) {
      const move = { ArrowDown: 1, ArrowUp: -1 }[e.key];
      if (move !== undefined) {
        e.preventDefault();
        const from = highlighted === -1 && move === -1 ? items.length : highlighted;
        setActive((from + move + items.length) % items.length);
        return;
      }
      const taken = e.key === "Enter" ? chosen : e.key === "Tab" ? (chosen ?? items[0]) : undefined;
      if (taken !== undefined) {
        e.preventDefault();
        accept(taken);
        return;
      }
    }
    if (shown && e.key === "Escape") {
      // (Esc in a search input would also clear it.)
      e.preventDefault();
      setOpen(false);
      return;
    }
    onKeyDown?.(e);
  };

  return (
    <div className="relative flex min-w-0 flex-1">
      <input
        {...input}
        ref={ref}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && chosen !== undefined ? `${listId}-${highlighted}` : undefined}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          follow(e);
          setOpen(true);
          setActive(-1);
        }}
        onSelect={follow}
        onKeyDown={keyDown}
        onBlur={(e) => {
          setOpen(false);
          onBlur?.(e);
        }}
      />
      {shown && (
        <div
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          data-testid="search-suggestions"
          className="absolute top-full left-0 z-30 mt-1 max-h-72 w-full min-w-64 overflow-y-auto rounded border border-slate-300 bg-white py-1 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          {items.map((s, i) => (
            <div
              key={s.text}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === highlighted}
              data-testid="search-suggestion"
              data-value={s.text}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
              onMouseEnter={() => setActive(i)}
              className={`flex cursor-pointer items-baseline gap-2 px-2 py-0.5 ${i === highlighted ? "bg-sky-100 dark:bg-sky-900" : ""}`}
            >
              <span className="truncate font-mono">{s.text}</span>
              {s.detail !== undefined && <span className="truncate text-xs text-slate-500">{s.detail}</span>}
              {s.count !== undefined && (
                <span className="ml-auto text-xs text-slate-400 tabular-nums">{s.count.toLocaleString("en")}</span>
              )}
            </div>
          ))}
          {loading && (
            <div className="px-2 py-0.5 text-xs text-slate-500" data-testid="search-suggestions-loading">
              Loading suggestions…
            </div>
          )}
        </div>
      )}
    </div>
  );
}
