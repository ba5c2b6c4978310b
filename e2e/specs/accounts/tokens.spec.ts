// API tokens and ingest keys made in Settings on the shared pair: the secret is shown once, works
// at once (a token on /api/v1, a key on the OTLP port), and stops working when revoked in the
// UI. The shared api requires an ingest key from the start (env.ts INGEST_KEY), so a key made or
// revoked here changes nothing for the specs running beside this one.
import { randomBytes } from "node:crypto";
import { expect, test } from "../../fixtures.ts";
import type { CredentialsPage } from "../../pages/settings-pages.ts";
import { INGEST_KEY_NAME, TOKEN_NAME } from "../../support/accounts.ts";
import { urls } from "../../support/env.ts";

const listServices = (token: string) =>
  fetch(`${urls.api}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

/** One span as OTLP/HTTP JSON, sent with `key`; the HTTP status. */
async function sendSpan(key: string): Promise<number> {
  const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
  const now = Date.now();
  const span = {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    name: "GET /probe",
    kind: 2,
    startTimeUnixNano: nanos(now - 5),
    endTimeUnixNano: nanos(now),
  };
  const resource = { attributes: [{ key: "service.name", value: { stringValue: "ingest-key-probe" } }] };
  const response = await fetch(`${urls.otlpHttp}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "e2e" }, spans: [span] }] }] }),
  });
  await response.body?.cancel();
  return response.status;
}

/** The secret is in the box until dismissed, and nowhere on the page after a reload. */
async function expectShownOnce(credentials: CredentialsPage, name: string, secret: string): Promise<void> {
  await expect(credentials.secretBox).toContainText("shown only once");
  await credentials.dismiss.click();
  await expect(credentials.secretBox).toHaveCount(0);
  await credentials.page.reload();
  await expect(credentials.row(name)).toBeVisible();
  await expect(credentials.secret).toHaveCount(0);
  expect(await credentials.page.content()).not.toContain(secret);
}

test("an API token works as a Bearer token until it is revoked in the UI", async ({ step, tokensPage }) => {
  const secret = await step("create a viewer token: its secret is shown once", async () => {
    await tokensPage.goto();
    const created = await tokensPage.add(TOKEN_NAME, "viewer");
    expect(created).toMatch(/^tl_api_/);
    await expect(tokensPage.row(TOKEN_NAME)).toContainText("viewer");
    await expectShownOnce(tokensPage, TOKEN_NAME, created);
    return created;
  });

  await step("GET /api/v1/services with it: 200", async () => {
    expect(await listServices(secret)).toBe(200);
  });

  await step("revoke it in the UI: the same request is 401", async () => {
    await tokensPage.revoke(TOKEN_NAME);
    await expect(tokensPage.row(TOKEN_NAME)).toHaveCount(0);
    expect(await listServices(secret)).toBe(401);
  });
});

test("an ingest key lets OTLP in until it is revoked in the UI", async ({ step, ingestKeysPage }) => {
  const key = await step("create an ingest key: its secret is shown once", async () => {
    await ingestKeysPage.goto();
    await expect(ingestKeysPage.role).toHaveCount(0);
    const created = await ingestKeysPage.add(INGEST_KEY_NAME);
    expect(created).toMatch(/^tl_ing_/);
    await expectShownOnce(ingestKeysPage, INGEST_KEY_NAME, created);
    return created;
  });

  await step("one OTLP/HTTP JSON span with it: 200", async () => {
    expect(await sendSpan(key)).toBe(200);
  });

  await step("revoke it in the UI: the same span is 401", async () => {
    await ingestKeysPage.revoke(INGEST_KEY_NAME);
    await expect(ingestKeysPage.row(INGEST_KEY_NAME)).toHaveCount(0);
    // The api that checks the key is the one that revoked it: no cache in between.
    expect(await sendSpan(key)).toBe(401);
  });
});
