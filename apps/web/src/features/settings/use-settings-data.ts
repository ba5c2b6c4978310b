// The settings pages' requests: reads of users, tokens, ingest keys, sessions, single sign-on and the audit log,
// and the writes, each refreshing the reads it changes.
"use client";

import { type QueryKey, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AuditEntry,
  CreatedSecret,
  IngestKeyView,
  Role,
  SessionView,
  SsoSettingsResponse,
  TokenView,
  UserView,
} from "@tracelight/contracts";
import { apiGet, apiSend } from "../../lib/api.ts";

/** A list the api answers as `{ <field>: [...] }`, read as the array. */
function useList<T>(path: string, field: string) {
  return useQuery({
    queryKey: [path, {}],
    queryFn: ({ signal }) => apiGet<Record<string, T[]>>(path, {}, signal),
    select: (answer) => answer[field] ?? [],
  });
}

export const useUsers = () => useList<UserView>("/users", "users");
export const useTokens = () => useList<TokenView>("/tokens", "tokens");
export const useIngestKeys = () => useList<IngestKeyView>("/ingest-keys", "keys");
export const useSessions = () => useList<SessionView>("/auth/sessions", "sessions");
export const useSsoSettings = () =>
  useQuery({
    queryKey: ["/auth/sso", {}],
    queryFn: ({ signal }) => apiGet<SsoSettingsResponse>("/auth/sso", {}, signal),
  });

/** A write that refreshes every read under `path` (and the audit log, which records it). */
function useWrite<In, Out>(path: string, send: (input: In) => Promise<Out>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      const stale = (key: QueryKey) => key[0] === path || key[0] === "/audit";
      void client.invalidateQueries({ predicate: (q) => stale(q.queryKey) });
    },
  });
}

const one = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;

export interface UserCreate {
  email: string;
  name: string;
  role: Role;
  password: string;
}
export type UserUpdate = Partial<{ name: string; role: Role; disabled: boolean; password: string }>;

export const useCreateUser = () => useWrite("/users", (body: UserCreate) => apiSend<UserView>("POST", "/users", body));
export const useUpdateUser = () =>
  useWrite("/users", ({ id, patch }: { id: string; patch: UserUpdate }) =>
    apiSend<UserView>("PUT", one("/users", id), patch),
  );
export const useDeleteUser = () => useWrite("/users", (id: string) => apiSend<void>("DELETE", one("/users", id)));

export interface CredentialCreate {
  name: string;
  role?: Role;
  expiresAt?: string;
}

export const useCreateToken = () =>
  useWrite("/tokens", (body: CredentialCreate) => apiSend<CreatedSecret>("POST", "/tokens", body));
export const useRevokeToken = () => useWrite("/tokens", (id: string) => apiSend<void>("DELETE", one("/tokens", id)));
export const useCreateIngestKey = () =>
  useWrite("/ingest-keys", (body: CredentialCreate) => apiSend<CreatedSecret>("POST", "/ingest-keys", body));
export const useRevokeIngestKey = () =>
  useWrite("/ingest-keys", (id: string) => apiSend<void>("DELETE", one("/ingest-keys", id)));

export const useRevokeSession = () =>
  useWrite("/auth/sessions", (id: string) => apiSend<void>("DELETE", one("/auth/sessions", id)));

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiSend<void>("POST", "/auth/password", body),
  });

export interface AuditFilter {
  action: string;
  actor: string;
}

export const AUDIT_PAGE = 100;

/** The audit log, newest first, a page at a time: each further page starts before the last entry. */
export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ["/audit", filter],
    queryFn: ({ pageParam, signal }) =>
      apiGet<{ entries: AuditEntry[]; next: string | null }>(
        "/audit",
        { limit: AUDIT_PAGE, before: pageParam, action: filter.action.trim(), actor: filter.actor.trim() },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
