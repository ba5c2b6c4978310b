// One log record: severity, time (ms), service, the body's first line with the query's words
// marked, and links to its trace. Expanding shows the full body and both attribute maps.
"use client";

import type { AttributeFilter, AttributeMap, LogRecord } from "@tracelight/contracts";
import Link from "next/link";
import { memo, useState } from "react";
import { formatTimePrecise } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";
import { SEVERITY_COLORS, severityLabel, severityRange } from "../../lib/severity.ts";
import { firstLine, highlightParts } from "./highlight.ts";

export interface LogRowProps {
  log: LogRecord;
  /** Query words to mark (queryWords of `q`). */
  words: readonly string[];
  /** The trace the search is already filtered by (its "show logs" action is then pointless). */
  currentTraceId: string;
  onShowTrace(traceId: string): void;
  onAddFilter(filter: AttributeFilter): void;
}

export const LogRow = memo(function LogRow({ log, words, currentTraceId, onShowTrace, onAddFilter }: LogRowProps) {
  const [open, setOpen] = useState(false);
  const range = severityRange(log.severityNumber);
  const { line, more } = firstLine(log.body);
  return (
    <li
      data-testid="log-row"
      data-trace-id={log.traceId}
      className="border-b border-slate-100 text-sm [contain-intrinsic-size:auto_27px] [content-visibility:auto] last:border-b-0 dark:border-slate-800"
    >
      <div className="group flex items-start gap-2 px-1 py-1 hover:bg-slate-50 dark:hover:bg-slate-800/60">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          className="flex min-w-0 flex-1 items-start gap-2 text-left"
          data-testid="log-row-toggle"
        >
          <span className="w-3 shrink-0 pt-0.5 text-xs text-slate-400" aria-hidden>
            {open ? "▾" : "▸"}
          </span>
          <span
            className="w-16 shrink-0 rounded px-1 py-px text-center font-mono text-[11px] font-semibold text-white"
            style={{ backgroundColor: SEVERITY_COLORS[range] }}
            title={`severity ${log.severityNumber} (${range})`}
          >
            {severityLabel(log.severityText, log.severityNumber)}
          </span>
          <time
            className="w-40 shrink-0 pt-px font-mono text-xs text-slate-500 tabular-nums dark:text-slate-400"
            dateTime={new Date(log.timestamp).toISOString()}
          >
            {formatTimePrecise(log.timestamp)}
          </time>
          <span
            className="w-28 shrink-0 truncate pt-px text-xs text-slate-600 dark:text-slate-300"
            title={log.serviceName}
          >
            {log.serviceName}
          </span>
          <span className={`min-w-0 flex-1 font-mono text-xs ${open ? "whitespace-pre-wrap break-all" : "truncate"}`}>
            <Highlighted text={open ? log.body : line} words={words} />
            {!open && more && <span className="text-slate-400"> …</span>}
          </span>
        </button>
        {log.traceId !== "" && (
          <span className="flex shrink-0 items-center gap-2 pt-px text-xs">
            <Link
              href={traceHref(log.traceId, { spanId: log.spanId || undefined })}
              // Hundreds of rows: prefetching every trace would cost a server render each.
              prefetch={false}
              className="font-mono text-sky-700 hover:underline dark:text-sky-400"
              title={`Open trace ${log.traceId}`}
              data-testid="log-trace-link"
            >
              {log.traceId.slice(0, 8)}…
            </Link>
            {log.traceId !== currentTraceId && (
              <button
                type="button"
                onClick={() => onShowTrace(log.traceId)}
                className="rounded border border-slate-300 px-1.5 text-slate-600 opacity-0 group-hover:opacity-100 hover:bg-slate-100 focus:opacity-100 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
                title="Show all logs of this trace"
                data-testid="log-show-trace-logs"
              >
                trace logs
              </button>
            )}
          </span>
        )}
      </div>
      {open && <LogDetail log={log} onAddFilter={onAddFilter} />}
    </li>
  );
});

function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) return <>{text}</>;
  return (
    <>
      {highlightParts(text, words).map((part, i) =>
        part.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <mark key={i} className="rounded-sm bg-yellow-200 px-px text-inherit dark:bg-yellow-600/60">
            {part.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

function LogDetail({ log, onAddFilter }: { log: LogRecord; onAddFilter(filter: AttributeFilter): void }) {
  return (
    <div
      className="mb-2 ml-6 grid gap-3 rounded bg-slate-50 p-2 text-xs md:grid-cols-2 dark:bg-slate-800/60"
      data-testid="log-row-detail"
    >
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 md:col-span-2">
        <dt className="text-slate-500">time (ns)</dt>
        <dd className="font-mono">{log.timestampUnixNano}</dd>
        {log.traceId !== "" && (
          <>
            <dt className="text-slate-500">trace / span</dt>
            <dd className="font-mono break-all">
              {log.traceId} / {log.spanId || "–"}
            </dd>
          </>
        )}
      </dl>
      <AttributeTable title="Attributes" map={log.attributes} onAddFilter={onAddFilter} />
      <AttributeTable title="Resource" map={log.resourceAttributes} onAddFilter={onAddFilter} />
    </div>
  );
}

function AttributeTable(props: { title: string; map: AttributeMap; onAddFilter(filter: AttributeFilter): void }) {
  const entries = Object.entries(props.map).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div>
      <h3 className="mb-1 font-semibold text-slate-600 dark:text-slate-300">{props.title}</h3>
      {entries.length === 0 ? (
        <p className="text-slate-400">none</p>
      ) : (
        <table className="w-full">
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key} className="group align-top">
                <td className="w-2/5 py-px pr-2 font-mono break-all text-slate-500 dark:text-slate-400">{key}</td>
                <td className="py-px font-mono break-all">{value}</td>
                <td className="w-6 text-right">
                  <button
                    type="button"
                    onClick={() => props.onAddFilter({ key, op: "=", value })}
                    className="invisible rounded px-1 text-sky-700 group-hover:visible focus:visible hover:bg-sky-100 dark:text-sky-400 dark:hover:bg-sky-900"
                    title={`Filter by ${key}=${value}`}
                  >
                    +
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
