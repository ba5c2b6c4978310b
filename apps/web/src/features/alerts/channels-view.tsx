// /alerts/channels: the notification channels, a form to add or edit one, delete (after a
// confirmation), and a test-send whose delivery log refreshes until the test is sent or failed.
"use client";

import type { Channel } from "@tracelight/contracts";
import { useEffect, useState } from "react";
import { EmptyState, ErrorState, LoadingState, Panel, QueryView } from "../../components/panel.tsx";
import { RequireRole } from "../../lib/use-me.tsx";
import { ChannelForm } from "./channel-form.tsx";
import { DeliveriesTable, deliverySettled } from "./deliveries-table.tsx";
import { BUTTON, ConfirmDeleteButton, errorMessage, FormErrors, PageHeader, PRIMARY_BUTTON } from "./ui.tsx";
import { useChannelDeliveries, useChannels, useDeleteChannel, useTestChannel } from "./use-alerts-data.ts";

export function ChannelsView() {
  const channels = useChannels();
  const [editing, setEditing] = useState<Channel | "new" | undefined>(undefined);

  return (
    <div className="space-y-3">
      <PageHeader
        title="Notification channels"
        actions={
          editing === undefined && (
            <RequireRole min="editor" explain="adding, testing and changing channels">
              <button
                type="button"
                className={PRIMARY_BUTTON}
                onClick={() => setEditing("new")}
                data-testid="channel-new"
              >
                New channel
              </button>
            </RequireRole>
          )
        }
      />
      {editing !== undefined && (
        <Panel title={editing === "new" ? "New channel" : `Edit ${editing.name}`} testId="channel-edit-panel">
          <ChannelForm
            key={editing === "new" ? "new" : editing.id}
            channel={editing === "new" ? undefined : editing}
            onDone={() => setEditing(undefined)}
            onCancel={() => setEditing(undefined)}
          />
        </Panel>
      )}
      <Panel title="Channels" testId="channels-list">
        <QueryView
          query={channels}
          isEmpty={(d) => d.channels.length === 0}
          empty="No channels yet. A channel is a webhook (JSON) or a Slack incoming webhook that alerts are sent to."
        >
          {(d) => (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {d.channels.map((c) => (
                <ChannelRow key={c.id} channel={c} onEdit={() => setEditing(c)} />
              ))}
            </ul>
          )}
        </QueryView>
      </Panel>
    </div>
  );
}

function ChannelRow({ channel, onEdit }: { channel: Channel; onEdit: () => void }) {
  const [showLog, setShowLog] = useState(false);
  const [testId, setTestId] = useState<string | undefined>(undefined);
  const remove = useDeleteChannel();
  const test = useTestChannel();
  const [waiting, setWaiting] = useState(false);
  const deliveries = useChannelDeliveries(channel.id, showLog, waiting);
  const settled = deliverySettled(deliveries.data?.deliveries, testId);
  useEffect(() => {
    if (settled) setWaiting(false);
  }, [settled]);
  const testDelivery = testId === undefined ? undefined : deliveries.data?.deliveries.find((d) => d.id === testId);
  const errors = [
    ...(remove.error ? [`Could not delete: ${errorMessage(remove.error)}`] : []),
    ...(test.error ? [`Could not send a test: ${errorMessage(test.error)}`] : []),
  ];

  return (
    <li className="py-2" data-testid="channel-row" data-channel={channel.name}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{channel.name}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{channel.type}</span>
        <span className="truncate font-mono text-xs text-slate-500 dark:text-slate-400" title={channel.url}>
          {channel.url}
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-1.5">
          {testId !== undefined && (
            <span className="text-xs" data-testid="channel-test-status" data-status={testDelivery?.status ?? "pending"}>
              {waiting ? "test: sending…" : `test: ${testDelivery?.status ?? "pending"}`}
            </span>
          )}
          <RequireRole min="editor">
            <button
              type="button"
              className={BUTTON}
              disabled={test.isPending || waiting}
              data-testid="channel-test"
              onClick={() => {
                setShowLog(true);
                test.mutate(channel.id, {
                  onSuccess: (r) => {
                    setTestId(r.delivery.id);
                    setWaiting(r.delivery.status === "pending");
                  },
                });
              }}
            >
              Send test
            </button>
          </RequireRole>
          <button
            type="button"
            className={BUTTON}
            onClick={() => setShowLog((s) => !s)}
            data-testid="channel-log-toggle"
          >
            {showLog ? "Hide log" : "Delivery log"}
          </button>
          <RequireRole min="editor">
            <button type="button" className={BUTTON} onClick={onEdit} data-testid="channel-edit">
              Edit
            </button>
            <ConfirmDeleteButton
              question={`Delete ${channel.name}?`}
              pending={remove.isPending}
              onConfirm={(done) => remove.mutate(channel.id, { onSettled: done })}
              testId="channel-delete"
            />
          </RequireRole>
        </span>
      </div>
      <FormErrors messages={errors} testId="channel-row-error" />
      {showLog && (
        <div className="mt-2 rounded border border-slate-200 p-2 dark:border-slate-700" data-testid="channel-log">
          {deliveries.isError ? (
            <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
          ) : deliveries.data === undefined ? (
            <LoadingState height={60} />
          ) : deliveries.data.deliveries.length === 0 ? (
            <EmptyState height={40}>No deliveries to this channel yet.</EmptyState>
          ) : (
            <DeliveriesTable deliveries={deliveries.data.deliveries} showChannel={false} testId="channel-deliveries" />
          )}
        </div>
      )}
    </li>
  );
}
