import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../components/panel.tsx";
import { DashboardsListView } from "../../../features/dashboards/dashboards-list-view.tsx";

export const metadata: Metadata = { title: "Dashboards" };

export default function DashboardsPage() {
  return (
    <Suspense fallback={<LoadingState height={240} />}>
      <DashboardsListView />
    </Suspense>
  );
}
