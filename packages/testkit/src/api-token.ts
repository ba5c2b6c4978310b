// An API token for a test or bench that calls the query API as a user does: sign in with an
// account's email and password, make a token, sign the session out. (The demo does the same at
// run time with retries while the api starts: apps/demo/src/api-token.ts.)

export interface TokenRequest {
  name: string;
  role: "viewer" | "editor" | "admin";
}

async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** `origin` is the query API's (http://127.0.0.1:3001); returns the token's secret. */
export async function apiToken(
  origin: string,
  account: { email: string; password: string },
  token: TokenRequest,
): Promise<string> {
  const login = await expectStatus(
    await fetch(`${origin}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(account),
    }),
    200,
    `sign-in as ${account.email}`,
  );
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(";", 1)[0])
    .join("; ");
  const created = await expectStatus(
    await fetch(`${origin}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(token),
    }),
    201,
    "POST /api/v1/tokens",
  );
  await fetch(`${origin}/api/v1/auth/logout`, { method: "POST", headers: { cookie } });
  return ((await created.json()) as { token: string }).token;
}
