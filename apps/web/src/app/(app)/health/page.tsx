import type { Metadata } from "next";
import { Suspense } from "react";
import { HealthView } from "../../../features/health/health-view.tsx";

export const metadata: Metadata = { title: "Tracelight health" };

export default function HealthPage() {
  return (
    <Suspense>
      <HealthView />
    </Suspense>
  );
}
