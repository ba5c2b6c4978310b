// The "Tracelight health" page: GET /api/v1/status, then the charts of the tracelight.*
// self-metrics over the page's time range.
"use client";

import { ErrorState, LoadingState } from "../../components/panel.tsx";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { useStatus } from "../alerts/use-alerts-data.ts";
import { HealthCharts } from "./health-charts.tsx";
import { StatusSections } from "./status-sections.tsx";

export function HealthView() {
  const time = useTimeRange();
  const status = useStatus();
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Tracelight health</h1>
      {status.data ? (
        <StatusSections status={status.data} />
      ) : status.error ? (
        <ErrorState error={status.error} onRetry={() => status.refetch()} />
      ) : (
        <LoadingState />
      )}
      <HealthCharts time={time} />
    </div>
  );
}
