import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../components/panel.tsx";
import { ServicesView } from "../../../features/services/services-view.tsx";

export const metadata: Metadata = { title: "Services" };

export default function ServicesPage() {
  return (
    <Suspense fallback={<LoadingState height={240} />}>
      <ServicesView />
    </Suspense>
  );
}
