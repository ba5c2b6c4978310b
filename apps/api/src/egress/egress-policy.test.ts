// The policy with the system resolver (only localhost resolves on this machine) and with a stub
// one standing in for DNS names; the connection-level lookup is exercised by real requests in
// notify/dispatcher.test.ts and test/egress.chdb.test.ts.
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { EgressPolicy, EgressRefusedError, type Resolver } from "./egress-policy.ts";

const stub =
  (answers: Record<string, string[]>): Resolver =>
  async (host) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

async function refusal(policy: EgressPolicy, url: string): Promise<string | undefined> {
  try {
    await policy.check(url);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(EgressRefusedError);
    return (error as Error).message;
  }
}

function lookup(policy: EgressPolicy, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    policy.lookup(host, { all: true }, (error, addresses) =>
      error === null ? resolve(addresses as LookupAddress[]) : reject(error),
    ),
  );
}

describe("EgressPolicy", () => {
  it("allows loopback and private ranges by default, resolving localhost for real", async () => {
    const policy = new EgressPolicy();
    for (const url of ["http://localhost:4318/", "http://127.0.0.1/", "https://10.1.2.3/", "http://[::1]/"])
      expect(await refusal(policy, url)).toBeUndefined();
    expect((await lookup(policy, "localhost")).length).toBeGreaterThan(0);
  });

  it("refuses other schemes and link-local or metadata addresses whatever the lists say", async () => {
    const policy = new EgressPolicy({ allow: ["169.254.0.0/16", "metadata.google.internal"] });
    expect(await refusal(policy, "ftp://127.0.0.1/")).toBe("ftp: is not http or https");
    expect(await refusal(policy, "http://169.254.169.254/")).toBe("169.254.169.254 is link-local or cloud metadata");
    expect(await refusal(policy, "http://METADATA.google.internal./")).toBe(
      "metadata.google.internal is a cloud metadata service",
    );
  });

  it("DENY refuses a name, a subdomain or an address the name resolves to — localhost through real DNS", async () => {
    const policy = new EgressPolicy({ deny: ["127.0.0.0/8", "::1", "*.corp.example"] });
    expect(await refusal(policy, "http://localhost:9/")).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1), which is in TRACELIGHT_WEBHOOK_DENY$/,
    );
    await expect(lookup(policy, "localhost")).rejects.toThrow(/TRACELIGHT_WEBHOOK_DENY/);
    expect(await refusal(policy, "http://chat.corp.example/")).toBe("chat.corp.example is in TRACELIGHT_WEBHOOK_DENY");
  });

  it("ALLOW admits only its names and addresses, checking every address a name resolves to", async () => {
    const policy = new EgressPolicy({
      allow: ["hooks.slack.com", "10.0.0.0/8"],
      resolve: stub({ "bridge.internal": ["10.0.0.7"], "split.internal": ["10.0.0.8", "192.168.1.1"] }),
    });
    expect(await refusal(policy, "https://hooks.slack.com/services/x")).toBeUndefined();
    expect(await refusal(policy, "http://bridge.internal/")).toBeUndefined();
    expect(await refusal(policy, "http://split.internal/")).toBe(
      "split.internal resolves to 192.168.1.1, which is not in TRACELIGHT_WEBHOOK_ALLOW",
    );
    expect(await refusal(policy, "http://127.0.0.1/")).toBe("127.0.0.1 is not in TRACELIGHT_WEBHOOK_ALLOW");
  });

  it("the connection's lookup refuses a name any of whose addresses is metadata", async () => {
    const policy = new EgressPolicy({ resolve: stub({ "twice.example": ["127.0.0.1", "169.254.169.254"] }) });
    await expect(lookup(policy, "twice.example")).rejects.toThrow(
      "twice.example resolves to 169.254.169.254, which is link-local or cloud metadata",
    );
  });
});
