// Pieces the settings pages share: their tabs, a timestamp cell, the one-time secret box, and
// the table styles.
"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useState } from "react";
import { formatTime } from "../../lib/format.ts";
import { hasRole } from "../../lib/roles.ts";
import { useRole } from "../../lib/use-me.tsx";
import { BUTTON } from "../alerts/ui.tsx";

const TABS = [
  { href: "/settings/account", label: "Account", admin: false },
  { href: "/settings/sessions", label: "Sessions", admin: false },
  { href: "/settings/users", label: "Users", admin: true },
  { href: "/settings/tokens", label: "API tokens", admin: true },
  { href: "/settings/ingest-keys", label: "Ingest keys", admin: true },
  { href: "/settings/sso", label: "Single sign-on", admin: true },
  { href: "/settings/audit", label: "Audit log", admin: true },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  const admin = hasRole(useRole(), "admin");
  return (
    <nav className="flex flex-wrap gap-1 text-sm" data-testid="settings-nav">
      {TABS.filter((tab) => admin || !tab.admin).map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          data-testid={`settings-tab-${tab.href.split("/").at(-1)}`}
          className={`rounded px-2 py-1 ${pathname === tab.href ? "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

export const TABLE = "w-full text-left text-sm";
export const TH = "px-2 py-1 text-xs font-medium text-slate-500 dark:text-slate-400";
export const TD = "px-2 py-1.5 align-top";
export const ROW = "border-t border-slate-100 dark:border-slate-800";

/** An API timestamp in local time; `empty` when there is none. */
export function When({ iso, empty = "—" }: { iso: string | null; empty?: string }) {
  if (iso === null) return <span className="text-slate-400">{empty}</span>;
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {formatTime(Date.parse(iso))}
    </time>
  );
}

/**
 * A secret that was just created, shown this once: to copy now, with a warning that it cannot
 * be seen again. Test ids: `<testId>` (the value), `<testId>-copy`, `<testId>-dismiss`.
 */
export function SecretBox(props: { secret: string; testId: string; usage: ReactNode; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      data-testid={`${props.testId}-box`}
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
    >
      <p className="font-medium text-amber-900 dark:text-amber-200">
        Copy this secret now: it is shown only once and cannot be seen again.
      </p>
      <div className="flex items-center gap-2">
        <input
          readOnly
          value={props.secret}
          data-testid={props.testId}
          onFocus={(e) => e.target.select()}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
        />
        <button
          type="button"
          className={BUTTON}
          data-testid={`${props.testId}-copy`}
          onClick={() =>
            void navigator.clipboard?.writeText(props.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-300">{props.usage}</p>
      <button type="button" className={BUTTON} data-testid={`${props.testId}-dismiss`} onClick={props.onDismiss}>
        Done
      </button>
    </div>
  );
}
