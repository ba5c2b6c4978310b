import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../components/panel.tsx";
import { HomeView } from "../../features/home/home-view.tsx";

// The root segment shares the layout's level, so the title template does not apply here.
export const metadata: Metadata = { title: { absolute: "Overview · Tracelight" } };

export default function HomePage() {
  return (
    <Suspense fallback={<LoadingState height={240} />}>
      <HomeView />
    </Suspense>
  );
}
