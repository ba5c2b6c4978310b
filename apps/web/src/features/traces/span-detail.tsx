// The selected span: what it is, its timing, IDs, attributes, resource, events (times from the
// trace start), links to other traces, and the logs written inside it.
"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatDurationMs, formatTimePrecise } from "../../lib/format.ts";
import { logsHref, traceHref } from "../../lib/links.ts";
import { severityBadgeClass, severityLabel, severityRange } from "../../lib/severity.ts";
import { windowAround } from "../../lib/time-range.ts";
import { AttributeList } from "./attribute-list.tsx";
import { ServiceChip } from "./service-chip.tsx";
import { formatOffset, type PlacedLog } from "./timeline.ts";
import type { TraceModel } from "./trace-model.ts";
import { BUTTON, LINK, MUTED } from "./ui.ts";
import { LOG_PADDING_MS } from "./use-trace-data.ts";
import { type SpanNode, toNano } from "./waterfall-layout.ts";

function Section({ title, children, open = true }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details open={open} className="border-t border-slate-200 pt-2 dark:border-slate-700">
      <summary className="cursor-pointer text-xs font-semibold text-slate-700 select-none dark:text-slate-200">
        {title}
      </summary>
      <div className="mt-1.5">{children}</div>
    </details>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className={MUTED}>{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </>
  );
}

export function SpanDetail(props: {
  node: SpanNode;
  traceId: string;
  model: TraceModel;
  logs: PlacedLog[] | undefined;
  onSelect: (spanId: string) => void;
  onClose: () => void;
}) {
  const { node, model } = props;
  const span = node.span;
  const traceStartNano = model.tree.startNano;
  const critical = model.critical.bySpan.get(node.id);
  const criticalNs = critical?.reduce((sum, s) => sum + s.endNs - s.startNs, 0) ?? 0;
  const durationMs = (node.endNs - node.startNs) / 1e6;
  const parent = node.parent;
  const spanLogsHref = logsHref({
    traceId: props.traceId,
    spanId: node.id,
    range: windowAround(span.startTime, span.startTime + durationMs, LOG_PADDING_MS),
  });

  return (
    <aside
      data-testid="span-detail"
      data-span-id={node.id}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="font-semibold break-words">{span.name || "(no name)"}</h2>
          <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
            <ServiceChip name={span.serviceName} color={model.colors.get(span.serviceName) ?? "#94a3b8"} />
            <span className="rounded bg-slate-100 px-1.5 py-px dark:bg-slate-800">{span.kind}</span>
            <span
              className={`rounded px-1.5 py-px ${
                node.error
                  ? "bg-red-600 text-white"
                  : span.statusCode === "Ok"
                    ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
                    : "bg-slate-100 dark:bg-slate-800"
              }`}
            >
              {span.statusCode || "Unset"}
            </span>
          </div>
        </div>
        <button type="button" className={BUTTON} onClick={props.onClose} aria-label="Close span detail">
          ×
        </button>
      </header>
      {span.statusMessage !== "" && (
        <p className="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs break-words text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {span.statusMessage}
        </p>
      )}
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-2 gap-y-0.5 text-xs">
        <Field label="Duration">
          <span className="font-mono">{formatDurationMs(durationMs)}</span>
          {criticalNs > 0 && (
            <span className={MUTED}> · {formatDurationMs(criticalNs / 1e6)} on the critical path</span>
          )}
        </Field>
        <Field label="Start">
          <span className="font-mono">{formatTimePrecise(span.startTime)}</span>
          <span className={MUTED}> ({formatOffset(node.startNs, formatDurationMs)})</span>
        </Field>
        <Field label="Span ID">
          <code>{node.id}</code>
        </Field>
        <Field label="Parent">
          {span.parentSpanId === "" ? (
            <span className={MUTED}>none (root)</span>
          ) : parent ? (
            <button type="button" className={LINK} onClick={() => props.onSelect(parent.id)}>
              {parent.span.name} <code className="text-[11px]">{parent.id}</code>
            </button>
          ) : (
            <span>
              <code>{span.parentSpanId}</code>{" "}
              <span className="text-amber-700 dark:text-amber-400">not in this trace (orphan)</span>
            </span>
          )}
        </Field>
        <Field label="Trace ID">
          <code>{props.traceId}</code>
        </Field>
        {span.scopeName !== "" && (
          <Field label="Scope">
            {span.scopeName}
            {span.scopeVersion !== "" && <span className={MUTED}> {span.scopeVersion}</span>}
          </Field>
        )}
        {node.skewed && (
          <Field label="Clock">
            <span className="text-violet-700 dark:text-violet-300">
              outside its parent's time: clock skew between hosts, or work that outlives its caller
            </span>
          </Field>
        )}
      </dl>
      <Section title={`Attributes (${Object.keys(span.attributes).length})`}>
        <AttributeList attributes={span.attributes} testId="span-attributes" />
      </Section>
      <Section title={`Resource (${Object.keys(span.resourceAttributes).length})`} open={false}>
        <AttributeList attributes={span.resourceAttributes} testId="span-resource" />
      </Section>
      {span.events.length > 0 && (
        <Section title={`Events (${span.events.length})`}>
          <ol className="flex flex-col gap-2" data-testid="span-events">
            {span.events.map((event, i) => {
              const offsetNs = Number(toNano(event.timeUnixNano, event.timestamp) - traceStartNano);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: events have no ID and never reorder
                <li key={i} className="text-xs">
                  <div className="flex items-baseline gap-2">
                    <span className="font-mono text-slate-500 tabular-nums dark:text-slate-400">
                      {formatOffset(offsetNs, formatDurationMs)}
                    </span>
                    <span
                      className={`font-medium ${event.name === "exception" ? "text-red-700 dark:text-red-400" : ""}`}
                    >
                      {event.name}
                    </span>
                  </div>
                  {Object.keys(event.attributes).length > 0 && (
                    <div className="mt-0.5 pl-4">
                      <AttributeList attributes={event.attributes} />
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </Section>
      )}
      {span.links.length > 0 && (
        <Section title={`Links (${span.links.length})`}>
          <ul className="flex flex-col gap-1.5 text-xs" data-testid="span-links">
            {span.links.map((link) => (
              <li key={`${link.traceId}-${link.spanId}`}>
                <Link href={traceHref(link.traceId, { spanId: link.spanId })} className={`${LINK} font-mono`}>
                  {link.traceId === props.traceId ? "this trace" : link.traceId} / {link.spanId}
                </Link>
                {Object.keys(link.attributes).length > 0 && (
                  <div className="mt-0.5 pl-4">
                    <AttributeList attributes={link.attributes} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={`Logs (${props.logs?.length ?? 0})`}>
        {props.logs && props.logs.length > 0 ? (
          <ol className="flex flex-col gap-1 text-xs">
            {props.logs.slice(0, 50).map((p) => {
              const severity = severityLabel(p.log.severityText, p.log.severityNumber);
              return (
                <li key={p.seq} className="flex items-baseline gap-2">
                  <span
                    className={`rounded px-1 text-[10px] font-semibold ${severityBadgeClass(severityRange(p.log.severityNumber))}`}
                  >
                    {severity}
                  </span>
                  <span className="font-mono text-slate-500 tabular-nums dark:text-slate-400">
                    {formatOffset(p.offsetNs, formatDurationMs)}
                  </span>
                  <span className="min-w-0 break-words">{p.log.body}</span>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className={`text-xs ${MUTED}`}>No logs written in this span.</p>
        )}
        <Link href={spanLogsHref} className={`${LINK} mt-1 inline-block text-xs`}>
          Search this span's logs →
        </Link>
      </Section>
    </aside>
  );
}
