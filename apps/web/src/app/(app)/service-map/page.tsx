import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../components/panel.tsx";
import { ServiceMapView } from "../../../features/service-map/service-map-view.tsx";

export const metadata: Metadata = { title: "Service map" };

export default function ServiceMapPage() {
  return (
    <Suspense fallback={<LoadingState height={480} />}>
      <ServiceMapView />
    </Suspense>
  );
}
