export { type ApiProcess, type ApiProcessOptions, startApiProcess } from "./api-process.ts";
export { apiToken, type TokenRequest } from "./api-token.ts";
export { type Answer, freePort, type OtlpReceiver, type ReceivedRequest, startOtlpReceiver } from "./otlp-receiver.ts";
export { type UntilOptions, until } from "./until.ts";
