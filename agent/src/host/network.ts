// /proc/net/dev: traffic per network interface. Loopback is kept: on one host, services
// talking to each other over 127.0.0.1 is traffic worth seeing.

export interface InterfaceStats {
  name: string;
  receive: { bytes: number; packets: number; errors: number };
  transmit: { bytes: number; packets: number; errors: number };
}

export function parseNetDev(text: string): InterfaceStats[] {
  const interfaces: InterfaceStats[] = [];
  for (const line of text.split("\n").slice(2)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs …
    const v = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (v.length < 16 || !v.every(Number.isFinite)) continue;
    interfaces.push({
      name: line.slice(0, colon).trim(),
      receive: { bytes: v[0]!, packets: v[1]!, errors: v[2]! },
      transmit: { bytes: v[8]!, packets: v[9]!, errors: v[10]! },
    });
  }
  return interfaces;
}
