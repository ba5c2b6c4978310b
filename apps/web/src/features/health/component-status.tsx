// GET /api/v1/status's components as a panel: which of Tracelight's parts (api, agent, web)
// reported lately, so a stopped agent or web server is seen rather than assumed.
"use client";

import { COMPONENT_LOOKBACK_S, type ComponentStatus } from "@tracelight/contracts";
import { Panel } from "../../components/panel.tsx";
import { formatCount, formatTime } from "../../lib/format.ts";

/** A part that reported and then stopped: said with the other problems. */
export function componentProblems(components: readonly ComponentStatus[], now = Date.now()): string[] {
  return components
    .filter((c) => c.silent && c.lastSeenAt !== null)
    .map(
      (c) => `The ${c.component} has not reported since ${formatTime(c.lastSeenAt ?? 0, now)}: it may have stopped.`,
    );
}

function state(c: ComponentStatus, now: number): string {
  if (c.lastSeenAt === null) return `not seen in ${COMPONENT_LOOKBACK_S / 3600} h`;
  return c.silent ? `silent since ${formatTime(c.lastSeenAt, now)}` : `reporting (${formatTime(c.lastSeenAt, now)})`;
}

export function ComponentStatusPanel({
  components,
  now = Date.now(),
}: {
  components: readonly ComponentStatus[];
  now?: number;
}) {
  return (
    <Panel title="Components" testId="health-components">
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500 dark:text-slate-400">
          <tr>
            <th className="font-normal">Part</th>
            <th className="font-normal">Last report</th>
            <th className="text-right font-normal">Instances</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {components.map((c) => (
            <tr
              key={c.component}
              data-testid={`health-component-${c.component}`}
              className={c.silent ? "text-red-700 dark:text-red-300" : ""}
            >
              <td>{c.component}</td>
              <td>{state(c, now)}</td>
              <td className="text-right">{formatCount(c.instances)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
