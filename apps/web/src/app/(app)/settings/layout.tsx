// /settings/*: your account and sessions for everyone; users, tokens, keys and the audit log
// for admins (those pages check the role themselves).
import type { ReactNode } from "react";
import { SettingsNav } from "../../../features/settings/settings-ui.tsx";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-3">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Settings</h1>
        <SettingsNav />
      </header>
      {children}
    </div>
  );
}
