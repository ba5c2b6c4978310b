import type { Metadata } from "next";
import { AuditView } from "../../../../features/settings/audit-view.tsx";
import { requireUser } from "../../../../server/session.ts";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page() {
  await requireUser("admin");
  return <AuditView />;
}
