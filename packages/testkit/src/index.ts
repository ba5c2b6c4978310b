export { type ApiProcess, type ApiProcessOptions, startApiProcess } from "./api-process.ts";
export { apiToken, type TokenRequest } from "./api-token.ts";
export { type ChildServer, type ChildServerOptions, startChildServer } from "./child-server.ts";
export { type Answer, freePort, type HttpReceiver, type ReceivedRequest, startHttpReceiver } from "./http-receiver.ts";
export { type OtlpReceiver, startOtlpReceiver } from "./otlp-receiver.ts";
export { type UntilOptions, until } from "./until.ts";
export {
  type Notification,
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from "./webhook-receiver.ts";
