// Calls a JSON API over real HTTP and returns the status with the parsed body (none for 204).
export interface JsonAnswer<T> {
  status: number;
  body: T;
}

export async function callJson<T>(base: string, method: string, path: string, body?: unknown): Promise<JsonAnswer<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
}
