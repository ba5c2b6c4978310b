// The alert API over HTTP, for what a spec sets up or checks outside the UI.
import type { AlertDetailResponse, Channel, DeliveriesResponse, MetricsResponse } from "@tracelight/contracts";
import { authHeaders } from "./api-auth.ts";
import { urls } from "./env.ts";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${urls.api}/api/v1${path}`, {
    method,
    headers: body === undefined ? authHeaders() : { ...authHeaders(), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export const createWebhookChannel = (name: string, url: string) =>
  call<Channel>("POST", "/channels", { name, type: "webhook", url });

export const alertDetail = (id: string) => call<AlertDetailResponse>("GET", `/alerts/${encodeURIComponent(id)}`);

/** Whether the metric catalogue of [from, to] lists `metric`. */
export async function metricListed(metric: string, from: number, to: number): Promise<boolean> {
  const { metrics } = await call<MetricsResponse>("GET", `/metrics?from=${from}&to=${to}`);
  return metrics.some((m) => m.name === metric);
}

export const channelDeliveries = (id: string) =>
  call<DeliveriesResponse>("GET", `/channels/${encodeURIComponent(id)}/deliveries`);

export async function deleteChannel(id: string): Promise<void> {
  const response = await fetch(`${urls.api}/api/v1/channels/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: authHeaders(),
  });
  if (!response.ok) throw new Error(`DELETE /channels/${id}: HTTP ${response.status}`);
}
