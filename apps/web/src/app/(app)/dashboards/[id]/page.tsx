import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../../components/panel.tsx";
import { DashboardView } from "../../../../features/dashboards/dashboard-view.tsx";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState height={400} />}>
      <DashboardView id={id} />
    </Suspense>
  );
}
