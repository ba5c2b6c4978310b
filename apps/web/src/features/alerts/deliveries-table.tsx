// A delivery log: channel, status, attempts, the HTTP answer or last error, and times. Used
// under each alert event and for a channel's test-sends.
"use client";

import type { Delivery } from "@tracelight/contracts";
import { formatTime } from "../../lib/format.ts";
import { DeliveryStatusText } from "./ui.tsx";

/** Whether the delivery `id` is in the log and done (sent, failed or silenced). */
export function deliverySettled(deliveries: readonly Delivery[] | undefined, id: string | undefined): boolean {
  if (id === undefined) return true;
  const d = deliveries?.find((x) => x.id === id);
  return d !== undefined && d.status !== "pending";
}

const at = (iso: string | null) => (iso === null ? "–" : formatTime(Date.parse(iso)));

export function DeliveriesTable(props: { deliveries: readonly Delivery[]; showChannel?: boolean; testId?: string }) {
  return (
    <table className="w-full text-left text-xs" data-testid={props.testId ?? "deliveries"}>
      <thead className="text-slate-500 dark:text-slate-400">
        <tr>
          {props.showChannel !== false && <th className="px-2 py-1 font-medium">Channel</th>}
          <th className="px-2 py-1 font-medium">Status</th>
          <th className="px-2 py-1 text-right font-medium">Attempts</th>
          <th className="px-2 py-1 font-medium">Answer / last error</th>
          <th className="px-2 py-1 font-medium">Created</th>
          <th className="px-2 py-1 font-medium">Sent / next try</th>
        </tr>
      </thead>
      <tbody>
        {props.deliveries.map((d) => (
          <tr
            key={d.id}
            data-testid="delivery-row"
            data-status={d.status}
            data-test={d.test}
            className="border-t border-slate-100 dark:border-slate-800"
          >
            {props.showChannel !== false && (
              <td className="px-2 py-1">
                {d.channelName}
                {d.test && (
                  <span className="ml-1 rounded bg-slate-100 px-1 text-slate-500 dark:bg-slate-800">test</span>
                )}
              </td>
            )}
            <td className="px-2 py-1">
              <DeliveryStatusText status={d.status} />
              {props.showChannel === false && d.test && <span className="ml-1 text-slate-500">(test)</span>}
            </td>
            <td className="px-2 py-1 text-right tabular-nums">{d.attempts}</td>
            <td className="max-w-md truncate px-2 py-1" title={d.lastError ?? undefined} data-testid="delivery-error">
              {d.lastError !== null ? (
                <span className="text-red-700 dark:text-red-400">{d.lastError}</span>
              ) : (
                d.responseStatus !== null && <span className="font-mono">HTTP {d.responseStatus}</span>
              )}
            </td>
            <td className="px-2 py-1 whitespace-nowrap">{at(d.createdAt)}</td>
            <td className="px-2 py-1 whitespace-nowrap">
              {d.status === "pending" ? `next ${at(d.nextAttemptAt)}` : at(d.sentAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
