import type { Metadata } from "next";
import { Suspense } from "react";
import { TraceView } from "../../../../features/traces/trace-view.tsx";

export async function generateMetadata({ params }: { params: Promise<{ traceId: string }> }): Promise<Metadata> {
  const { traceId } = await params;
  return { title: `Trace ${traceId.slice(0, 8)}` };
}

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  return (
    <Suspense>
      <TraceView traceId={traceId} />
    </Suspense>
  );
}
