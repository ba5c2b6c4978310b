// Where route handlers find the web's self-telemetry (started by src/instrumentation.ts). Next
// bundles instrumentation apart from the route handlers, so the one instance lives on the
// global object, not in a module variable each bundle would have its own copy of; and this
// file imports nothing, so a route handler does not pull in the OpenTelemetry SDK.

export interface WebSelfTelemetry {
  /** The proxy could not reach the api. */
  upstreamError(prefix: string): void;
  /** An error Next caught while rendering or in a route handler. */
  requestError(error: unknown, path: string, routeType: string): void;
  close(): Promise<void>;
}

const KEY = Symbol.for("tracelight.web.self-telemetry");
type WithSelf = typeof globalThis & { [KEY]?: WebSelfTelemetry };

export function setWebSelfTelemetry(self: WebSelfTelemetry): void {
  (globalThis as WithSelf)[KEY] = self;
}

export function webSelfTelemetry(): WebSelfTelemetry | undefined {
  return (globalThis as WithSelf)[KEY];
}
