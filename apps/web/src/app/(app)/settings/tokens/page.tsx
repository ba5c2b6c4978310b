import type { Metadata } from "next";
import { TokensView } from "../../../../features/settings/tokens-view.tsx";
import { requireUser } from "../../../../server/session.ts";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  await requireUser("admin");
  return <TokensView />;
}
