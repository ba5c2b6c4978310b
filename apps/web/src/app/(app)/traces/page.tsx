import type { Metadata } from "next";
import { Suspense } from "react";
import { TraceSearchView } from "../../../features/traces/trace-search-view.tsx";

export const metadata: Metadata = { title: "Traces" };

export default function TracesPage() {
  return (
    <Suspense>
      <TraceSearchView />
    </Suspense>
  );
}
