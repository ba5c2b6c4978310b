export { type Answer, freePort, type OtlpReceiver, type ReceivedRequest, startOtlpReceiver } from "./otlp-receiver.ts";
export { type UntilOptions, until } from "./until.ts";
