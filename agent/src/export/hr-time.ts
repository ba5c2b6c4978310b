// Unix nanoseconds (bigint) as OpenTelemetry's HrTime [seconds, nanoseconds]: both parts stay
// integers below 2^53, so the encoders write the exact nanosecond back.
import type { HrTime } from "@opentelemetry/api";

const NANOS_PER_SECOND = 1_000_000_000n;

export function nanosToHrTime(nanos: bigint): HrTime {
  return [Number(nanos / NANOS_PER_SECOND), Number(nanos % NANOS_PER_SECOND)];
}
