// The channel form's state and its request body, checked as the API checks it. Pure.
import type { Channel, ChannelInputSchema } from "@tracelight/contracts";
import type { ChannelType } from "@tracelight/contracts/values";
import type { z } from "zod";
import type { FieldErrors } from "./field-errors.ts";

export type ChannelBody = z.input<typeof ChannelInputSchema>;

export interface ChannelDraft {
  name: string;
  type: ChannelType;
  url: string;
}

export function channelDraft(channel?: Channel): ChannelDraft {
  return channel
    ? { name: channel.name, type: channel.type, url: channel.url }
    : { name: "", type: "webhook", url: "" };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export function checkChannel(draft: ChannelDraft): { body?: ChannelBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  const url = draft.url.trim();
  if (name === "") errors.name = "is required";
  else if (name.length > 200) errors.name = "at most 200 characters";
  if (url === "") errors.url = "is required";
  else if (!isHttpUrl(url)) errors.url = "must be an http:// or https:// URL";
  return Object.keys(errors).length === 0 ? { body: { name, type: draft.type, url }, errors } : { errors };
}
