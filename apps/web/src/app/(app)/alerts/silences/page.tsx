import type { Metadata } from "next";
import { Suspense } from "react";
import { SilencesView } from "../../../../features/alerts/silences-view.tsx";

export const metadata: Metadata = { title: "Silences" };

export default function SilencesPage() {
  return (
    <Suspense>
      <SilencesView />
    </Suspense>
  );
}
