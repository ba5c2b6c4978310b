import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsListView } from "../../../features/alerts/alerts-list-view.tsx";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <Suspense>
      <AlertsListView />
    </Suspense>
  );
}
