// Bodies still arriving are where slow clients hold memory: a client trickling large bodies
// holds budget for as long as it likes (up to the request timeout). So bytes of bodies still
// being received are shared between the client addresses receiving at that moment: together
// at most `maxBytes` (half the ingest budget, so the other half stays for bodies that have
// arrived and their queued rows), and each address at most an equal share of that
// (maxBytes / addresses receiving now). A client that reaches its share is refused at once
// (before more of its body is read, and new requests of a client over its share before any
// is read), while clients under their share keep being admitted; the share grows back as
// others finish. A client alone may grow past its share, as the budget admits one request into
// an empty budget, so a body larger than the share is not refused for ever.

interface Client {
  bytes: number;
  requests: number;
}

export class ReceiveShares {
  private readonly clients = new Map<string, Client>();

  constructor(readonly maxBytes: number) {}

  /** Bytes one address may hold in bodies still arriving, given who is receiving now. */
  share(): number {
    return Math.floor(this.maxBytes / Math.max(1, this.clients.size));
  }

  /** Starts counting a body from `address`; undefined when that address already holds its share. */
  open(address: string): Receipt | undefined {
    const client = this.clients.get(address) ?? { bytes: 0, requests: 0 };
    const share = Math.floor(this.maxBytes / (this.clients.size + (this.clients.has(address) ? 0 : 1)));
    if (client.bytes > 0 && client.bytes >= share) return undefined;
    client.requests++;
    this.clients.set(address, client);
    return new Receipt(this, address, client);
  }

  /** @internal Whether `client` may hold `bytes` more. */
  fits(client: Client, bytes: number): boolean {
    const alone = this.clients.size === 1 && client.requests === 1;
    return alone || client.bytes + bytes <= this.share();
  }

  /** @internal */
  remove(address: string): void {
    this.clients.delete(address);
  }
}

/** One body's bytes while it arrives, counted against its address's share. */
export class Receipt {
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly shares: ReceiveShares,
    readonly address: string,
    private readonly client: Client,
  ) {}

  /** Sets the bytes received so far; false (and unchanged) when growing passes the share. */
  resize(bytes: number): boolean {
    if (this.closed) return true;
    const grow = bytes - this.bytes;
    if (grow > 0 && !this.shares.fits(this.client, grow)) return false;
    this.client.bytes += grow;
    this.bytes = bytes;
    return true;
  }

  /** The body has arrived (or never will): its bytes no longer count here. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.bytes -= this.bytes;
    this.client.requests--;
    if (this.client.requests === 0) this.shares.remove(this.address);
  }
}
