// Decides whether a notification URL may be called: http(s) only; link-local and cloud metadata
// addresses never, after DNS resolution too; TRACELIGHT_WEBHOOK_ALLOW / _DENY tighten the rest.
// `lookup` is the connection's own resolver, so the address checked is the address connected to
// (a second DNS answer cannot swap in another one: DNS rebinding).
import { promises as dns, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import {
  addressMatches,
  type HostRules,
  hostRules,
  isAlwaysRefusedAddress,
  isAlwaysRefusedName,
  nameMatches,
  normalHost,
} from "./host-rules.ts";

/** Every address a name resolves to. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export interface EgressOptions {
  /** TRACELIGHT_WEBHOOK_ALLOW: when not empty, only these hosts / addresses are called. */
  allow?: readonly string[];
  /** TRACELIGHT_WEBHOOK_DENY: never these hosts / addresses. */
  deny?: readonly string[];
  /** Defaults to the system resolver (dns.lookup, every address). */
  resolve?: Resolver;
}

/** The URL may not be called; the message says why without the URL's path or credentials. */
export class EgressRefusedError extends Error {
  override name = "EgressRefusedError";
  readonly code = "EGRESS_REFUSED";
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

export class EgressPolicy {
  readonly #allow: HostRules;
  readonly #deny: HostRules;
  readonly #resolve: Resolver;

  constructor(options: EgressOptions = {}) {
    this.#allow = hostRules(options.allow ?? []);
    this.#deny = hostRules(options.deny ?? []);
    this.#resolve = options.resolve ?? systemResolver;
  }

  /**
   * Refuses (EgressRefusedError) a URL that is not http(s) or whose host or any of its addresses
   * the policy refuses. `resolve: false` judges the name only (and an IP literal fully).
   * Failing DNS is not a refusal here: the name may resolve by the time a notification is sent.
   */
  async check(url: string | URL, options: { resolve?: boolean } = {}): Promise<void> {
    const host = this.checkName(url);
    if (isIP(host) !== 0 || options.resolve === false) return;
    let addresses: LookupAddress[];
    try {
      addresses = await this.#resolve(host);
    } catch {
      return;
    }
    this.#checkAddresses(host, addresses);
  }

  /** The checks that need no DNS; returns the normalised host. */
  checkName(url: string | URL): string {
    const parsed = typeof url === "string" ? URL.parse(url) : url;
    if (parsed === null) throw new EgressRefusedError("not a URL");
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new EgressRefusedError(`${parsed.protocol} is not http or https`);
    const host = normalHost(parsed.hostname);
    if (isAlwaysRefusedName(host)) throw new EgressRefusedError(`${host} is a cloud metadata service`);
    if (nameMatches(this.#deny, host)) throw new EgressRefusedError(`${host} is in TRACELIGHT_WEBHOOK_DENY`);
    if (isIP(host) !== 0) this.#checkAddresses(host, [{ address: host, family: isIP(host) }]);
    return host;
  }

  /**
   * For http(s).request's `lookup` option: resolves, refuses the connection unless every address
   * passes, and hands the connection only addresses that passed. Node calls it for names, not for
   * IP literals: checkName covers those before the request.
   */
  readonly lookup = (hostname: string, options: { all?: boolean } | number, callback: LookupCallback): void => {
    const host = normalHost(hostname);
    this.#resolve(host).then(
      (addresses) => {
        try {
          if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" });
          this.#checkAddresses(host, addresses);
        } catch (error) {
          callback(error as Error, "", 0);
          return;
        }
        const first = addresses[0] as LookupAddress;
        if (typeof options === "object" && options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, "", 0),
    );
  };

  #checkAddresses(host: string, addresses: readonly LookupAddress[]): void {
    const named = (address: string) => (address === host ? address : `${host} resolves to ${address}, which`);
    for (const { address } of addresses) {
      if (isAlwaysRefusedAddress(address))
        throw new EgressRefusedError(`${named(address)} is link-local or cloud metadata`);
      if (addressMatches(this.#deny.addresses, address))
        throw new EgressRefusedError(`${named(address)} is in TRACELIGHT_WEBHOOK_DENY`);
    }
    if (this.#allow.size === 0 || nameMatches(this.#allow, host)) return;
    const outside = addresses.find(({ address }) => !addressMatches(this.#allow.addresses, address));
    if (outside !== undefined)
      throw new EgressRefusedError(`${named(outside.address)} is not in TRACELIGHT_WEBHOOK_ALLOW`);
  }
}
