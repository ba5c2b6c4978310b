// Who is signed in, for the browser: GET /api/v1/auth/me through react-query, seeded with the
// answer the server already had when it rendered the page (so nothing flashes on load), and
// <RequireRole> to show a control only to the roles that may use it.
"use client";

import { useQuery } from "@tanstack/react-query";
import { type MeResponse, type Role, roleRequirement } from "@tracelight/contracts";
import { createContext, type ReactNode, useContext } from "react";
import { apiGet } from "./api.ts";
import { hasRole } from "./roles.ts";

const ME_KEY = ["/auth/me", {}] as const;

const ServerMe = createContext<MeResponse | undefined>(undefined);

/** Placed by the signed-in layout with the user it checked on the server. */
export function MeProvider({ me, children }: { me: MeResponse; children: ReactNode }) {
  return <ServerMe.Provider value={me}>{children}</ServerMe.Provider>;
}

export function useMe() {
  const initial = useContext(ServerMe);
  return useQuery({
    queryKey: ME_KEY,
    queryFn: ({ signal }) => apiGet<MeResponse>("/auth/me", {}, signal),
    initialData: initial,
    staleTime: 60_000,
  });
}

/** The signed-in user's role; undefined until known (controls stay hidden meanwhile). */
export function useRole(): Role | undefined {
  return useMe().data?.user.role;
}

/**
 * `children` for roles at least `min`; otherwise `fallback`, or with `explain` a short muted
 * note naming the role needed ("Read-only: creating rules needs the editor or admin role").
 */
export function RequireRole(props: { min: Role; children: ReactNode; fallback?: ReactNode; explain?: string }) {
  const role = useRole();
  if (hasRole(role, props.min)) return <>{props.children}</>;
  if (props.fallback !== undefined) return <>{props.fallback}</>;
  if (props.explain === undefined || role === undefined) return null;
  return <RoleNote min={props.min} what={props.explain} />;
}

export function RoleNote({ min, what }: { min: Role; what: string }) {
  return (
    <span data-testid="role-note" className="text-xs text-slate-500 dark:text-slate-400">
      Read-only: {what} {roleRequirement(min)}
    </span>
  );
}
