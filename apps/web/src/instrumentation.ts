// Next calls register() once as the server starts, and onRequestError() for every error it
// catches: the web's own telemetry starts here, in the Node.js runtime only (the edge runtime
// has no http server or diagnostics channels to watch).
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { selfTelemetryConfig: config } = await import("./server/env.ts");
  const { setWebSelfTelemetry } = await import("./server/self-telemetry-registry.ts");
  const { startWebSelfTelemetry } = await import("./server/web-self-telemetry.ts");
  setWebSelfTelemetry(
    startWebSelfTelemetry({
      url: () => config.url,
      headers: config.ingestKey ? { authorization: `Bearer ${config.ingestKey}` } : {},
      intervalMs: config.intervalMs,
      onStateChange: (problem) =>
        console.error(
          problem
            ? `self-telemetry: sending failed (${problem}); retrying, then dropping`
            : "self-telemetry: sending again",
        ),
    }),
  );
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { webSelfTelemetry } = await import("./server/self-telemetry-registry.ts");
  webSelfTelemetry()?.requestError(error, request.path, context.routeType);
};
