// A Server-Sent Events client over fetch for tests: collects events and comments as they
// arrive, waits for the ones a test expects, and disconnects on demand.

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  /** Resolves once `count` events named `event` have arrived (rejects after timeoutMs). */
  waitFor(event: string, count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Disconnects (aborts the request). */
  close(): void;
}

export async function openSse(url: string): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let wake: () => void = () => {};
  const parse = (message: string) => {
    let event = "message";
    const data: string[] = [];
    for (const line of message.split("\n")) {
      if (line.startsWith(":")) comments.push(line.slice(1).trim());
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  };
  const ended = (async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
        wake();
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    ended,
    close: () => abort.abort(),
    async waitFor(event, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const named = events.filter((e) => e.event === event);
        if (named.length >= count) return named;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${count} "${event}" events (${named.length})`);
        await Promise.race([new Promise<void>((r) => (wake = r)), new Promise((r) => setTimeout(r, 50))]);
      }
    },
  };
}
