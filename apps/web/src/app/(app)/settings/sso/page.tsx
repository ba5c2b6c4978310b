import type { Metadata } from "next";
import { SsoView } from "../../../../features/settings/sso-view.tsx";
import { requireUser } from "../../../../server/session.ts";

export const metadata: Metadata = { title: "Single sign-on" };

export default async function Page() {
  await requireUser("admin");
  return <SsoView />;
}
