// The page's time range: read from the URL (`from`, `to`, `refresh`), resolved against one
// shared "now" so that every panel of a page asks for the same window. Refreshing (by button
// or auto-refresh) moves "now"; absolute ranges do not move.
"use client";

import { parseDurationSeconds } from "@tracelight/contracts/values";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import {
  absoluteRange,
  isRelative,
  type ResolvedRange,
  readRangeExpr,
  resolveRange,
  type TimeRangeExpr,
} from "./time-range.ts";
import { useUrlState } from "./url-state.ts";

export const REFRESH_CHOICES = [
  { label: "Off", value: "" },
  { label: "5s", value: "5s" },
  { label: "10s", value: "10s" },
  { label: "30s", value: "30s" },
  { label: "1m", value: "1m" },
  { label: "5m", value: "5m" },
] as const;

export function refreshIntervalMs(value: string | undefined): number | undefined {
  const seconds = parseDurationSeconds(value ?? "");
  return seconds === undefined ? undefined : seconds * 1000;
}

/** A "now" older than this is refreshed when a page opens. */
const STALE_NOW_MS = 2_000;

const NowContext = createContext<{ now: number; tick: () => void } | undefined>(undefined);

/** Holds the shared "now"; mount once around the pages. */
export function NowProvider({ children }: { children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  const tick = useCallback(() => setNow(Date.now()), []);
  const value = useMemo(() => ({ now, tick }), [now, tick]);
  return <NowContext.Provider value={value}>{children}</NowContext.Provider>;
}

export interface TimeRangeState {
  expr: TimeRangeExpr;
  range: ResolvedRange;
  /** What the query API takes: epoch ms. */
  query: { from: number; to: number };
  refresh: string;
  setRange(expr: TimeRangeExpr): void;
  /** Brushing a chart: an absolute range. */
  zoomTo(fromMs: number, toMs: number): void;
  setRefresh(value: string): void;
  refreshNow(): void;
}

export function useTimeRange(): TimeRangeState {
  const url = useUrlState();
  const clock = useContext(NowContext);
  if (clock === undefined) throw new Error("useTimeRange needs a NowProvider");
  const { now, tick } = clock;
  const fromText = url.get("from");
  const toText = url.get("to");
  const refresh = url.get("refresh") ?? "";
  const expr = useMemo(() => readRangeExpr(fromText, toText), [fromText, toText]);

  // A new range in the URL (picker, link, back button) is resolved against the current time,
  // and so is a page opened with a stale "now" (client-side navigation). A page opened with a
  // fresh "now" keeps it: a tick would send every first request twice.
  const seenRange = useRef<string | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `now` is read, not watched
  useEffect(() => {
    const key = `${expr.from}|${expr.to}`;
    const first = seenRange.current === undefined;
    if (seenRange.current === key) return;
    seenRange.current = key;
    if (!first || Date.now() - now > STALE_NOW_MS) tick();
  }, [expr.from, expr.to, tick]);

  const interval = refreshIntervalMs(refresh);
  const relative = isRelative(expr);
  useEffect(() => {
    if (interval === undefined || !relative) return;
    const timer = setInterval(tick, interval);
    return () => clearInterval(timer);
  }, [interval, relative, tick]);

  const range = useMemo(() => resolveRange(expr, now) ?? { fromMs: now - 3_600_000, toMs: now }, [expr, now]);
  const { set } = url;
  return useMemo(
    () => ({
      expr,
      range,
      query: { from: Math.floor(range.fromMs), to: Math.ceil(range.toMs) },
      refresh,
      setRange: (next: TimeRangeExpr) => set({ from: next.from, to: next.to }),
      zoomTo: (fromMs: number, toMs: number) => {
        const next = absoluteRange(fromMs, toMs);
        set({ from: next.from, to: next.to });
      },
      setRefresh: (value: string) => set({ refresh: value }, { replace: true }),
      refreshNow: tick,
    }),
    [expr, range, refresh, set, tick],
  );
}
