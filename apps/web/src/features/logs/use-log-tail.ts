// Live tail: an EventSource on /api/v1/logs/tail with the current filters (a tail has no
// range). Records go into a bounded buffer, newest first. The stream reopens when the filters
// change and closes when the tail is switched off or the page unmounts.
"use client";

import type { LogTailBatch, LogTailDropped } from "@tracelight/contracts";
import { LOG_TAIL_EVENTS } from "@tracelight/contracts/values";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiUrl } from "../../lib/api.ts";
import { type LogFilterState, logFilterParams, logFiltersKey, parseLogFilters } from "./log-filters.ts";
import { addBatch, addDropped, emptyTail, resume as resumeBuffer, type TailBuffer } from "./tail-buffer.ts";
import { describeTailFailure } from "./tail-failure.ts";

export type TailStatus = "off" | "connecting" | "live" | "reconnecting" | "unavailable" | "error";

export interface LogTail {
  status: TailStatus;
  /** Why the tail is unavailable or failed. */
  message: string | undefined;
  buffer: TailBuffer;
  paused: boolean;
  pause(): void;
  resume(): void;
  /** Opens the stream again after an error. */
  retry(): void;
}

export function useLogTail(filters: LogFilterState, enabled: boolean): LogTail {
  const [buffer, setBuffer] = useState(emptyTail);
  const [status, setStatus] = useState<TailStatus>("off");
  const [message, setMessage] = useState<string | undefined>();
  const [paused, setPaused] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const key = logFiltersKey(filters);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only forces a reopen
  useEffect(() => {
    setBuffer(emptyTail());
    setPaused(false);
    setMessage(undefined);
    if (!enabled) {
      setStatus("off");
      return;
    }
    setStatus("connecting");
    const url = apiUrl("/logs/tail", logFilterParams(parseLogFilters(key)));
    const source = new EventSource(url);
    const diagnosis = new AbortController();

    source.onopen = () => setStatus("live");
    source.addEventListener(LOG_TAIL_EVENTS.logs, (event) => {
      const batch = readJson<LogTailBatch>(event);
      if (!batch || !Array.isArray(batch.logs)) return;
      setBuffer((b) => addBatch(b, batch.logs, pausedRef.current));
    });
    source.addEventListener(LOG_TAIL_EVENTS.dropped, (event) => {
      const dropped = readJson<LogTailDropped>(event);
      if (dropped) setBuffer((b) => addDropped(b, Number(dropped.count)));
    });
    source.onerror = () => {
      // CONNECTING: the connection dropped and the browser is reconnecting by itself.
      if (source.readyState === EventSource.CONNECTING) return setStatus("reconnecting");
      // CLOSED: the server answered with something other than a stream (501, 400, 502…).
      // EventSource hides the status, so ask once more with fetch to say why.
      source.close();
      void describeTailFailure(url, diagnosis.signal).then((failure) => {
        if (diagnosis.signal.aborted) return;
        setStatus(failure.unavailable ? "unavailable" : "error");
        setMessage(failure.message);
      });
    };
    return () => {
      source.close();
      diagnosis.abort();
    };
  }, [enabled, key, attempt]);

  const pause = useCallback(() => setPaused(true), []);
  const resume = useCallback(() => {
    setPaused(false);
    setBuffer(resumeBuffer);
  }, []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, message, buffer, paused, pause, resume, retry };
}

function readJson<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}
