// The alert pages' requests: reads that follow the time picker's auto-refresh (and refresh on
// their own every LIVE_REFRESH_MS when it is off: an alert list must not go stale), and the
// writes (rules, channels, silences) that refresh every alert read when they succeed.
"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AlertDetailResponse,
  AlertRule,
  AlertRulesResponse,
  AlertsResponse,
  Channel,
  ChannelsResponse,
  DeliveriesResponse,
  Delivery,
  MetricAttributesResponse,
  MetricsResponse,
  ServicesResponse,
  Silence,
  SilencesResponse,
  StatusResponse,
} from "@tracelight/contracts";
import { useEffect, useRef } from "react";
import { apiGet, apiSend, type QueryParams } from "../../lib/api.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { refreshIntervalMs, useTimeRange } from "../../lib/use-time-range.tsx";
import type { ChannelBody } from "./channel-draft.ts";
import type { RuleBody } from "./rule-draft.ts";
import type { SilenceBody } from "./silence-draft.ts";

export const LIVE_REFRESH_MS = 15_000;

/** The paths whose answers any alert write can change. */
const ALERT_PATHS = ["/alerts", "/alert-rules", "/channels", "/silences", "/deliveries"];

function useLiveQuery<T>(path: string, params: QueryParams = {}, options: { enabled?: boolean; pollMs?: number } = {}) {
  const time = useTimeRange();
  const interval = options.pollMs ?? refreshIntervalMs(time.refresh) ?? LIVE_REFRESH_MS;
  const query = useQuery({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet<T>(path, params, signal),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    refetchInterval: interval,
  });
  // The picker's "refresh now" moves the range's end: ask again then too.
  const seen = useRef(time.range.toMs);
  const { refetch } = query;
  useEffect(() => {
    if (seen.current === time.range.toMs) return;
    seen.current = time.range.toMs;
    void refetch();
  }, [time.range.toMs, refetch]);
  return query;
}

export const useAlerts = () => useLiveQuery<AlertsResponse>("/alerts");
export const useAlertRules = () => useLiveQuery<AlertRulesResponse>("/alert-rules");
export const useAlertDetail = (id: string) => useLiveQuery<AlertDetailResponse>(`/alerts/${encodeURIComponent(id)}`);
export const useSilences = () => useLiveQuery<SilencesResponse>("/silences");
export const useChannels = () => useLiveQuery<ChannelsResponse>("/channels");
/** The evaluator's and the notifications' health. */
export const useStatus = () => useLiveQuery<StatusResponse>("/status");

/** The channel's delivery log, when shown; polled every second while a test send is on its way. */
export const useChannelDeliveries = (id: string, enabled: boolean, waiting: boolean) =>
  useLiveQuery<DeliveriesResponse>(
    `/channels/${encodeURIComponent(id)}/deliveries`,
    {},
    { enabled, pollMs: waiting ? 1_000 : undefined },
  );

/** One rule, read once (the editor must not be overwritten while someone types). */
export function useRule(id: string | undefined) {
  return useQuery({
    queryKey: [`/alert-rules/${id}`, {}],
    queryFn: ({ signal }) => apiGet<AlertRule>(`/alert-rules/${encodeURIComponent(id ?? "")}`, {}, signal),
    enabled: id !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The pickers' choices: metrics and services seen in the time range, a metric's attributes. */
export function useRulePickers(kind: "metric" | "logs", metric: string, enabled = true) {
  const time = useTimeRange();
  const metrics = useApiQuery<MetricsResponse>("/metrics", time.query, { enabled: enabled && kind === "metric" });
  const attributes = useApiQuery<MetricAttributesResponse>(
    "/metrics/attributes",
    { ...time.query, metric },
    { enabled: enabled && kind === "metric" && metric !== "" },
  );
  const services = useApiQuery<ServicesResponse>("/services", time.query, { enabled: enabled && kind === "logs" });
  return { metrics, attributes, services };
}

function useInvalidateAlerts() {
  const client = useQueryClient();
  return () =>
    client.invalidateQueries({
      predicate: (q) => ALERT_PATHS.some((p) => String(q.queryKey[0]).startsWith(p)),
    });
}

export function useSaveRule(id: string | undefined) {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (body: RuleBody | { enabled: boolean }) =>
      id === undefined
        ? apiSend<AlertRule>("POST", "/alert-rules", body)
        : apiSend<AlertRule>("PUT", `/alert-rules/${encodeURIComponent(id)}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteRule(id: string) {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: () => apiSend<unknown>("DELETE", `/alert-rules/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export function useSaveChannel(id: string | undefined) {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (body: ChannelBody) =>
      id === undefined
        ? apiSend<Channel>("POST", "/channels", body)
        : apiSend<Channel>("PUT", `/channels/${encodeURIComponent(id)}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (id: string) => apiSend<unknown>("DELETE", `/channels/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export function useTestChannel() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (id: string) => apiSend<{ delivery: Delivery }>("POST", `/channels/${encodeURIComponent(id)}/test`),
    onSuccess: invalidate,
  });
}

export function useCreateSilence() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (body: SilenceBody) => apiSend<Silence>("POST", "/silences", body),
    onSuccess: invalidate,
  });
}

export function useExpireSilence() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (id: string) => apiSend<Silence>("DELETE", `/silences/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}
