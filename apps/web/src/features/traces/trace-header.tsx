// The trace's summary: root span, start, duration, span and error counts, services (with their
// colours) and the way out to log search.
"use client";

import Link from "next/link";
import { useState } from "react";
import { formatCount, formatDurationMs, formatTimePrecise } from "../../lib/format.ts";
import { tracesHref } from "../../lib/links.ts";
import { windowAround } from "../../lib/time-range.ts";
import { ServiceChip } from "./service-chip.tsx";
import type { TraceModel } from "./trace-model.ts";
import { BUTTON, LINK, MUTED } from "./ui.ts";

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col" data-testid={testId}>
      <span className={`text-[11px] uppercase tracking-wide ${MUTED}`}>{label}</span>
      <span className="font-mono text-sm tabular-nums">{children}</span>
    </div>
  );
}

export function TraceHeader(props: { traceId: string; model: TraceModel; logSearchHref: string }) {
  const { model, traceId } = props;
  const { root, tree } = model;
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(traceId).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  const durationMs = tree.durationNs / 1e6;

  return (
    <section
      data-testid="trace-header"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            {root ? (
              <>
                <ServiceChip
                  name={root.span.serviceName}
                  color={model.colors.get(root.span.serviceName) ?? "#94a3b8"}
                />
                <span className="break-all">{root.span.name || "(no name)"}</span>
              </>
            ) : (
              "Empty trace"
            )}
            {root?.orphan && (
              <span className="rounded bg-amber-100 px-1.5 text-xs font-normal text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                root span missing
              </span>
            )}
          </h1>
          <div className={`mt-1 flex items-center gap-2 text-xs ${MUTED}`}>
            <span>Trace</span>
            <code data-testid="trace-id">{traceId}</code>
            <button type="button" className="hover:underline" onClick={copy}>
              {copied ? "copied" : "copy"}
            </button>
          </div>
        </div>
        <div className="flex items-center gap-2">
          {root && (
            <Link
              className={BUTTON}
              href={tracesHref({
                service: root.span.serviceName,
                name: root.span.name,
                range: windowAround(tree.startMs, tree.startMs + durationMs, 3_600_000),
              })}
            >
              Similar traces
            </Link>
          )}
          <Link href={props.logSearchHref} className={`${BUTTON} ${LINK}`} data-testid="open-in-log-search">
            Open in log search
          </Link>
        </div>
      </div>
      <div className="flex flex-wrap gap-x-8 gap-y-2">
        <Stat label="Start">{formatTimePrecise(tree.startMs)}</Stat>
        <Stat label="Duration" testId="trace-duration">
          {formatDurationMs(durationMs)}
        </Stat>
        <Stat label="Spans" testId="trace-span-count">
          {formatCount(tree.nodes.length)}
        </Stat>
        <Stat label="Errors" testId="trace-error-count">
          <span className={model.errorCount > 0 ? "font-semibold text-red-600 dark:text-red-400" : ""}>
            {formatCount(model.errorCount)}
          </span>
        </Stat>
        <Stat label="Depth">{tree.maxDepth + 1}</Stat>
        <Stat label="Services">{model.services.length}</Stat>
      </div>
      <div className="flex flex-wrap gap-1.5" data-testid="trace-services">
        {model.services.map((s) => (
          <ServiceChip key={s.name} name={s.name} color={model.colors.get(s.name) ?? "#94a3b8"} count={s.spans} />
        ))}
      </div>
      {(model.orphanCount > 0 || model.skewedCount > 0) && (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          {model.orphanCount > 0 &&
            `${formatCount(model.orphanCount)} span${model.orphanCount === 1 ? " has" : "s have"} a parent that is not in this trace (shown at the top level, marked “orphan”). `}
          {model.skewedCount > 0 &&
            `${formatCount(model.skewedCount)} span${model.skewedCount === 1 ? " runs" : "s run"} outside the parent's time (marked “skew”).`}
        </p>
      )}
    </section>
  );
}
