import type { Metadata } from "next";
import { Suspense } from "react";
import { ChannelsView } from "../../../../features/alerts/channels-view.tsx";

export const metadata: Metadata = { title: "Notification channels" };

export default function ChannelsPage() {
  return (
    <Suspense>
      <ChannelsView />
    </Suspense>
  );
}
