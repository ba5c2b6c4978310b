import type { Metadata } from "next";
import { IngestKeysView } from "../../../../features/settings/ingest-keys-view.tsx";
import { requireUser } from "../../../../server/session.ts";

export const metadata: Metadata = { title: "Ingest keys" };

export default async function Page() {
  await requireUser("admin");
  return <IngestKeysView />;
}
