// The nav's right end: who is signed in (a link to their account), Settings for admins, and
// sign-out, which ends the session on the api and reloads into the sign-in page.
"use client";

import Link from "next/link";
import { useState } from "react";
import { apiSend, browser } from "../lib/api.ts";
import { hasRole } from "../lib/roles.ts";
import { useMe } from "../lib/use-me.tsx";

export function UserMenu() {
  const me = useMe().data;
  const [leaving, setLeaving] = useState(false);
  if (me === undefined) return null;
  const { user } = me;
  const signOut = async () => {
    setLeaving(true);
    // Signed out or not, the sign-in page is where to go: a dead session needs no logout.
    await apiSend("POST", "/auth/logout").catch(() => undefined);
    browser.assign("/login");
  };
  return (
    <div className="flex items-center gap-2 text-sm">
      {hasRole(user.role, "admin") && (
        <Link
          href="/settings/users"
          data-testid="nav-settings"
          className="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          Settings
        </Link>
      )}
      <Link
        href="/settings/account"
        data-testid="nav-user"
        data-role={user.role}
        title={`${user.name} — your account`}
        className="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <span data-testid="nav-user-email">{user.email}</span>{" "}
        <span
          data-testid="nav-user-role"
          className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
        >
          {user.role}
        </span>
      </Link>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={leaving}
        data-testid="nav-signout"
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
    </div>
  );
}
