// The channel form: name, type (generic webhook or Slack incoming webhook) and URL; creates a
// channel, or saves an existing one.
"use client";

import type { Channel } from "@tracelight/contracts";
import { CHANNEL_TYPES } from "@tracelight/contracts/values";
import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../../lib/api.ts";
import { type ChannelDraft, channelDraft, checkChannel } from "./channel-draft.ts";
import { type FieldErrors, parseApiMessage, unplacedErrors } from "./field-errors.ts";
import { BUTTON, errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "./ui.tsx";
import { useSaveChannel } from "./use-alerts-data.ts";

const TYPE_LABELS = { webhook: "Webhook (JSON)", slack: "Slack incoming webhook" } as const;

export function ChannelForm(props: { channel?: Channel; onDone: (saved: Channel) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<ChannelDraft>(() => channelDraft(props.channel));
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveChannel(props.channel?.id);
  const check = checkChannel(draft);
  const server =
    save.error instanceof ApiRequestError && save.error.status === 400
      ? parseApiMessage(save.error.message)
      : { fields: {}, general: save.error ? [errorMessage(save.error)] : [] };
  const errors: FieldErrors = { ...server.fields, ...(submitted ? check.errors : {}) };
  const general = [...server.general, ...unplacedErrors(errors, ["name", "type", "url"])];

  const set = (patch: Partial<ChannelDraft>) => {
    setDraft({ ...draft, ...patch });
    if (save.isError) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (check.body === undefined) return;
    save.mutate(check.body, { onSuccess: (saved) => props.onDone(saved) });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3" data-testid="channel-form">
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Name" testId="channel-name" error={errors.name}>
          <input
            data-testid="channel-name-input"
            className={`${INPUT} w-48`}
            value={draft.name}
            placeholder="ops"
            aria-invalid={errors.name !== undefined}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Field>
        <Field label="Type" testId="channel-type" error={errors.type}>
          <select
            data-testid="channel-type-select"
            className={INPUT}
            value={draft.type}
            onChange={(e) => set({ type: CHANNEL_TYPES.find((t) => t === e.target.value) ?? "webhook" })}
          >
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="URL" testId="channel-url" error={errors.url} className="min-w-80 flex-1">
          <input
            data-testid="channel-url-input"
            className={`${INPUT} font-mono`}
            value={draft.url}
            placeholder={draft.type === "slack" ? "https://hooks.slack.com/services/…" : "https://example.com/hook"}
            aria-invalid={errors.url !== undefined}
            onChange={(e) => set({ url: e.target.value })}
          />
        </Field>
      </div>
      <FormErrors messages={general} testId="channel-errors" />
      <div className="flex gap-2">
        <button type="submit" className={PRIMARY_BUTTON} disabled={save.isPending} data-testid="channel-save">
          {save.isPending ? "Saving…" : props.channel ? "Save" : "Create channel"}
        </button>
        <button type="button" className={BUTTON} onClick={props.onCancel} data-testid="channel-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
