// The data every spec reads, sent once per run with the real OTel SDK and times in the last
// few minutes (so the span-derived RED minutes and the default "last hour" hold it): eight
// ordinary checkouts one minute apart, one slow checkout (ordersdb takes 1.6 s) and one that
// fails in payments, plus checkout's duration histogram for the last ten minutes.
import { Telemetry } from "./otel.ts";
import { sendHistogram } from "./scenario-metrics.ts";
import { SERVICES, sendCheckout } from "./scenario-traces.ts";
import type { Scenario, SentTrace } from "./scenario-types.ts";

export const HISTOGRAM_MINUTES = 10;

export async function sendScenario(otlpHttpBase: string, nowMs = Date.now()): Promise<Scenario> {
  const telemetry = new Telemetry(otlpHttpBase);
  const traces: SentTrace[] = [];
  for (let k = 0; k < 8; k++) {
    traces.push(
      sendCheckout(telemetry, {
        kind: "normal",
        orderId: `o-${1001 + k}`,
        startMs: nowMs - 30_000 - k * 60_000,
        dbMs: 8 + k,
        chargeMs: 25 + 5 * k,
      }),
    );
  }
  // Slower than every ordinary checkout, so each is its minute's slowest (an exemplar).
  traces.push(
    sendCheckout(telemetry, { kind: "slow", orderId: "o-2001", startMs: nowMs - 200_000, dbMs: 1600, chargeMs: 40 }),
  );
  traces.push(
    sendCheckout(telemetry, { kind: "error", orderId: "o-3001", startMs: nowMs - 100_000, dbMs: 12, chargeMs: 220 }),
  );
  await telemetry.shutdown();

  const slowMinute = HISTOGRAM_MINUTES - 4;
  const histogram = await sendHistogram(otlpHttpBase, SERVICES.checkout, nowMs, HISTOGRAM_MINUTES, slowMinute);
  return { sentAtMs: nowMs, services: Object.values(SERVICES), traces, histogram };
}
