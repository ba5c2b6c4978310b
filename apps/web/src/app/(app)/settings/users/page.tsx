import type { Metadata } from "next";
import { UsersView } from "../../../../features/settings/users-view.tsx";
import { requireUser } from "../../../../server/session.ts";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  await requireUser("admin");
  return <UsersView />;
}
