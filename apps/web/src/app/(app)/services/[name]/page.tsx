import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "../../../../components/panel.tsx";
import { ServiceDetailView } from "../../../../features/services/service-detail-view.tsx";

interface Props {
  params: Promise<{ name: string }>;
}

/** Route params arrive percent-encoded; a name that is not valid encoding is taken as it is. */
function serviceName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: serviceName((await params).name) };
}

export default async function ServicePage({ params }: Props) {
  const name = serviceName((await params).name);
  return (
    <Suspense fallback={<LoadingState height={240} />}>
      <ServiceDetailView name={name} />
    </Suspense>
  );
}
