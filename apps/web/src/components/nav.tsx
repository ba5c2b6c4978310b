// The top bar: the views, the time picker, the theme toggle and who is signed in. Links carry the current time
// range so that moving between views keeps the window.
"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { hrefWith } from "../lib/url-state.ts";
import { useTimeRange } from "../lib/use-time-range.tsx";
import { ThemeToggle } from "./theme.tsx";
import { TimePicker } from "./time-picker.tsx";
import { UserMenu } from "./user-menu.tsx";

const VIEWS = [
  { href: "/", label: "Home" },
  { href: "/services", label: "Services" },
  { href: "/service-map", label: "Map" },
  { href: "/metrics", label: "Metrics" },
  { href: "/traces", label: "Traces" },
  { href: "/logs", label: "Logs" },
  { href: "/dashboards", label: "Dashboards" },
  { href: "/alerts", label: "Alerts" },
  { href: "/health", label: "Health" },
] as const;

export function Nav() {
  const pathname = usePathname();
  const { expr } = useTimeRange();
  return (
    <nav className="sticky top-0 z-10 flex items-center gap-4 border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
      <Link href="/" className="font-semibold tracking-tight text-sky-700 dark:text-sky-400">
        Tracelight
      </Link>
      <ul className="flex gap-1 text-sm">
        {VIEWS.map((view) => {
          const active = view.href === "/" ? pathname === "/" : pathname.startsWith(view.href);
          return (
            <li key={view.href}>
              <Link
                href={hrefWith(view.href, { from: expr.from, to: expr.to })}
                data-testid={`nav-${view.label.toLowerCase()}`}
                className={`rounded px-2 py-1 ${active ? "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
              >
                {view.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="ml-auto flex items-center gap-2">
        <TimePicker />
        <ThemeToggle />
        <UserMenu />
      </div>
    </nav>
  );
}
