// The egress policy's address rules: what is refused always (link-local and cloud metadata), and
// TRACELIGHT_WEBHOOK_ALLOW / _DENY entries (host names, `*.suffix` names, IPs and CIDRs). Pure.
import { BlockList, isIP } from "node:net";

/** Instance metadata services answer here with cloud credentials; no notification needs them. */
const ALWAYS_REFUSED_HOSTS = new Set(["metadata.google.internal"]);
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet("169.254.0.0", 16, "ipv4");
ALWAYS_REFUSED.addSubnet("fe80::", 10, "ipv6");
ALWAYS_REFUSED.addAddress("fd00:ec2::254", "ipv6");

export interface HostRules {
  /** Exact names, lower case, no trailing dot. */
  names: Set<string>;
  /** From `*.example.com`: ".example.com" (matches its subdomains, not itself). */
  suffixes: string[];
  addresses: BlockList;
  size: number;
}

type HostRule =
  | { kind: "name"; name: string }
  | { kind: "suffix"; name: string }
  | { kind: "cidr"; ip: string; prefix: number };

/** An entry of an allow/deny list, or undefined when it is neither a host name, an IP nor a CIDR. */
export function parseHostRule(entry: string): HostRule | undefined {
  const text = entry.trim().toLowerCase();
  const slash = text.indexOf("/");
  const ip = slash === -1 ? text : text.slice(0, slash);
  const version = isIP(ip);
  if (version !== 0) {
    const max = version === 4 ? 32 : 128;
    if (slash === -1) return { kind: "cidr", ip, prefix: max };
    const prefix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return undefined;
    return { kind: "cidr", ip, prefix: Number(prefix) };
  }
  const name = text.replace(/\.$/, "");
  if (!/^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name)) return undefined;
  return name.startsWith("*.") ? { kind: "suffix", name: name.slice(1) } : { kind: "name", name };
}

/** Rules from entries already validated by parseHostRule (config.ts refuses the others). */
export function hostRules(entries: readonly string[]): HostRules {
  const rules: HostRules = { names: new Set(), suffixes: [], addresses: new BlockList(), size: entries.length };
  for (const entry of entries) {
    const rule = parseHostRule(entry);
    if (rule === undefined) throw new Error(`not a host, IP or CIDR: ${entry}`);
    if (rule.kind === "name") rules.names.add(rule.name);
    else if (rule.kind === "suffix") rules.suffixes.push(rule.name);
    else rules.addresses.addSubnet(rule.ip, rule.prefix, isIP(rule.ip) === 4 ? "ipv4" : "ipv6");
  }
  return rules;
}

/** Lower case, without the URL's IPv6 brackets or a trailing dot. */
export function normalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

export function nameMatches(rules: HostRules, host: string): boolean {
  return rules.names.has(host) || rules.suffixes.some((suffix) => host.endsWith(suffix));
}

export function addressMatches(list: BlockList, address: string): boolean {
  const ip = unmapped(address);
  const version = isIP(ip);
  return version !== 0 && list.check(ip, version === 4 ? "ipv4" : "ipv6");
}

export function isAlwaysRefusedName(host: string): boolean {
  return ALWAYS_REFUSED_HOSTS.has(host);
}

export function isAlwaysRefusedAddress(address: string): boolean {
  return addressMatches(ALWAYS_REFUSED, address);
}

/** ::ffff:169.254.169.254 (or ::ffff:a9fe:a9fe, as URLs write it) reaches the IPv4 address: judge it as that. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] === undefined || hex[2] === undefined) return address;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
