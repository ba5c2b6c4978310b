// /logs — log search (filters and range in the URL); the view is a client component.
import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../components/panel.tsx";
import { LogsView } from "../../../features/logs/logs-view.tsx";

export const metadata: Metadata = { title: "Logs" };

export default function LogsPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading log search…" />}>
      <LogsView />
    </Suspense>
  );
}
