import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertDetailView } from "../../../../features/alerts/alert-detail-view.tsx";

export const metadata: Metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <AlertDetailView id={id} />
    </Suspense>
  );
}
