// GET /api/v1/status as small panels: ingest, queries, alert evaluation, notifications, and
// which of Tracelight's parts report.
// Problems read as the alert list says them (evaluator-health.ts); figures as they are.
"use client";

import type { StatusResponse } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { Panel } from "../../components/panel.tsx";
import { ProblemList } from "../../components/problem-list.tsx";
import { formatCount, formatTime, formatValue } from "../../lib/format.ts";
import { evaluatorProblems } from "../alerts/evaluator-health.ts";
import { ComponentStatusPanel, componentProblems } from "./component-status.tsx";

function Figures({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="font-mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const minutes = (s: number) => `last ${Math.round(s / 60)} min`;

export function StatusSections({ status }: { status: StatusResponse }) {
  const { ingest, queries, evaluator: e, notifications: n, windowS } = status;
  const problems = [...componentProblems(status.components), ...evaluatorProblems(status)];
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Panel title="Ingest" testId="health-ingest">
        <Figures
          rows={[
            ["Writes", ingest.writes === null ? "this api runs no ingest" : ingest.writes],
            [
              "Queued",
              ingest.queuedRows === null
                ? "–"
                : `${formatCount(ingest.queuedRows)} rows, ${formatValue(ingest.queuedBytes, "By")}`,
            ],
            [`Refused (${minutes(windowS)})`, `${formatCount(ingest.refused)} requests`],
          ]}
        />
      </Panel>
      <Panel title={`Query latency (${minutes(windowS)})`} testId="health-queries">
        {queries.routes.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No queries answered in this window.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-slate-500 dark:text-slate-400">
              <tr>
                <th className="font-normal">Route</th>
                <th className="text-right font-normal">Requests</th>
                <th className="text-right font-normal">p50</th>
                <th className="text-right font-normal">p99</th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {queries.routes.map((r) => (
                <tr key={r.route}>
                  <td>{r.route}</td>
                  <td className="text-right">{formatCount(r.requests)}</td>
                  <td className="text-right">{formatValue(r.p50S, "s")}</td>
                  <td className="text-right">{formatValue(r.p99S, "s")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Alert evaluation" testId="health-evaluator">
        <Figures
          rows={[
            ["Leader", e.holder ?? "none"],
            [
              "Last cycle",
              e.lastCycleAt === null ? "never" : `${formatTime(e.lastCycleAt)} in ${formatValue(e.lastCycleMs, "ms")}`,
            ],
            ["Behind", formatValue(e.lagS, "s")],
            ["Failing rules", formatCount(e.failingRules)],
          ]}
        />
      </Panel>
      <Panel title="Notifications" testId="health-notifications">
        <Figures
          rows={[
            ["Waiting", formatCount(n.backlog)],
            ["Oldest", formatValue(n.oldestPendingAgeS, "s")],
          ]}
        />
      </Panel>
      <ComponentStatusPanel components={status.components} />
      {problems.length > 0 && <ProblemList problems={problems} testId="health-problems" className="md:col-span-2" />}
    </div>
  );
}
