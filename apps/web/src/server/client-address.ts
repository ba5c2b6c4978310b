// The address the api should see for a browser's request. Next sets `x-forwarded-for` to the
// socket's address unless the request already carries one; a reverse proxy in front appends the
// address it saw last, so the rightmost entry is the one nearest this server that can be trusted.

export function clientAddress(headers: Headers): string | undefined {
  const chain = headers.get("x-forwarded-for");
  const last = chain?.split(",").at(-1)?.trim();
  return last === undefined || last === "" ? undefined : last;
}
