// Why a live-tail stream was refused. EventSource cannot read status codes, so after it gives
// up, one plain GET of the same URL reads the status and the API's error message.
import type { ApiError } from "@tracelight/contracts";

export interface TailFailure {
  /** The api runs without the ingest role (501): a tail can never work there. */
  unavailable: boolean;
  message: string;
}

/** Said when the api gives no message of its own. */
export const TAIL_UNAVAILABLE_DEFAULT = "this api does not ingest logs itself (it runs without the ingest role)";

export async function describeTailFailure(url: string, signal: AbortSignal): Promise<TailFailure> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "text/event-stream" }, signal });
  } catch {
    return { unavailable: false, message: "The live tail connection failed: the web server did not answer." };
  }
  if (response.ok) {
    // The stream works now (a passing failure): do not keep this second stream open.
    void response.body?.cancel().catch(() => {});
    return { unavailable: false, message: "The live tail connection was closed. Retry to reopen it." };
  }
  const text = await response.text().catch(() => "");
  let apiMessage: string | undefined;
  try {
    apiMessage = (JSON.parse(text) as Partial<ApiError>).error?.message;
  } catch {
    apiMessage = undefined;
  }
  if (response.status === 501) {
    return {
      unavailable: true,
      message: `Live tail is not available: ${apiMessage ?? TAIL_UNAVAILABLE_DEFAULT}. Search still works.`,
    };
  }
  return {
    unavailable: false,
    message: `The live tail was refused (HTTP ${response.status})${apiMessage ? `: ${apiMessage}` : "."}`,
  };
}
