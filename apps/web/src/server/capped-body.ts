// A request body passed on as a stream with a size cap, so the web server never holds a whole
// upload (a 512 MiB POST to the /api/v1 proxy was buffered in memory before).

/** The largest request body passed on: the query API takes small JSON documents (rules, channels). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/**
 * The request's body as a stream that fails past MAX_REQUEST_BODY_BYTES, or undefined when it
 * has none (its first read is already the end).
 */
export async function cappedBody(request: Request): Promise<ReadableStream<Uint8Array> | undefined> {
  if (request.body === null) return undefined;
  const reader = request.body.getReader();
  const first = await reader.read();
  if (first.done) return undefined;
  let passed = 0;
  const push = (chunk: Uint8Array, controller: ReadableStreamDefaultController<Uint8Array>) => {
    passed += chunk.byteLength;
    if (passed <= MAX_REQUEST_BODY_BYTES) return controller.enqueue(chunk);
    controller.error(new BodyTooLarge());
    void reader.cancel();
  };
  return new ReadableStream<Uint8Array>({
    start: (controller) => push(first.value, controller),
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else push(next.value, controller);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
