// Decodes the loader's stdout (bpf/tracelight-probes): frames of `u32 kind, u32 size, payload`,
// little-endian, whose payloads are the C structs of bpf/http.h, bpf/tcp.h and bpf/runqlat.h.
// Offsets here mirror the `_Static_assert`s in those headers.

export const RECORD_HTTP = 1;
export const RECORD_TCP = 2;
export const RECORD_RUNQ = 3;
export const RECORD_STATS = 4;
export const RECORD_HTTP_RED = 5;

const FRAME_HEADER = 8;
/** Larger than any record the loader writes; a bigger size means the stream is corrupt. */
const MAX_FRAME = 64 * 1024;

export type Family = "ipv4" | "ipv6";

export interface HttpExchange {
  kind: "http";
  /** CLOCK_MONOTONIC nanoseconds. */
  startNs: bigint;
  endNs: bigint;
  tgid: number;
  tid: number;
  fd: number;
  direction: "server" | "client";
  family: Family;
  localAddr: string;
  localPort: number;
  peerAddr: string;
  peerPort: number;
  comm: string;
  /** The first bytes of the response and of the request head, as the kernel saw them. */
  response: Buffer;
  request: Buffer;
}

export type TcpEventType = "open_active" | "open_passive" | "close" | "retransmit";

export interface TcpEvent {
  kind: "tcp";
  type: TcpEventType;
  tsNs: bigint;
  durationNs: bigint;
  bytesSent: bigint;
  bytesReceived: bigint;
  /** 0 when the kernel did not know the process. */
  tgid: number;
  retransmits: number;
  family: Family;
  localAddr: string;
  localPort: number;
  peerAddr: string;
  peerPort: number;
  direction: "server" | "client" | "unknown";
  comm: string;
}

export const RUNQ_SLOTS = 32;

export interface RunQueueHistogram {
  kind: "runq";
  tgid: number;
  totalNs: bigint;
  /** Cumulative counts; slot i holds waits of [2^i, 2^(i+1)) µs, slot 0 all waits under 2 µs. */
  slots: number[];
  comm: string;
}

export interface ProbeStats {
  kind: "stats";
  tsNs: bigint;
  /** Exchanges the kernel reported (each one counted in an HttpRed series). */
  httpEvents: bigint;
  httpDrops: bigint;
  tcpEvents: bigint;
  tcpDrops: bigint;
  httpInflightEvicted: bigint;
  /** Of httpEvents: passed on as HttpExchange records (kept as spans). */
  httpKept: bigint;
  /** Of httpEvents: counted, not passed on (sampling). */
  httpSampledOut: bigint;
  /** Of httpEvents: no HTTP/1.x request line, neither counted nor passed on. */
  httpUnreadable: bigint;
  /** Of httpEvents: counted in an overflow series (the loader had no room for their path's). */
  httpOverflowed: bigint;
}

/** Bucket counts per series: OpenTelemetry's HTTP duration bounds (http-telemetry.ts), in ns. */
export const HTTP_RED_BUCKETS = 15;

/**
 * One RED series of HTTP exchanges counted by the loader since its previous dump (bpf/http-red.h):
 * every exchange the kernel reported, kept as a span or not.
 */
export interface HttpRed {
  kind: "red";
  count: number;
  sumNs: bigint;
  minNs: bigint;
  maxNs: bigint;
  buckets: number[];
  tgid: number;
  direction: "server" | "client";
  /** Server series: the listening port (0 for client series). */
  localPort: number;
  /** Client series: the server's port and address (0 and "" for server series). */
  peerPort: number;
  peerAddr: string;
  /** The response's status code; undefined when it had no status line. */
  statusCode: number | undefined;
  method: string;
  /** Client series: the Host header as sent, "" when none. */
  host: string;
  /** The target's path, query cut, digit-only segments written "0"; "" for an overflow series. */
  path: string;
  /** This series stands for every path the loader had no room for in its interval. */
  overflow: boolean;
  comm: string;
}

export type ProbeRecord = HttpExchange | TcpEvent | RunQueueHistogram | ProbeStats | HttpRed;

// struct http_exchange
const HTTP_HEAD = 216;
const HTTP_RESPONSE_CAP = 128;
const HTTP_REQUEST_CAP = 1024;
const TCP_SIZE = 96;
const RUNQ_SIZE = 288;
/** Loaders before the sampling counters wrote 48 bytes; the counters then read 0. */
const STATS_SIZE = 48;
const STATS_SAMPLING_SIZE = 80;
const RED_SIZE = 400;

const TCP_TYPES: Record<number, TcpEventType> = { 1: "open_active", 2: "open_passive", 3: "close", 4: "retransmit" };
const TCP_DIRECTIONS = ["server", "client", "unknown"] as const;

export class RecordFormatError extends Error {}

function family(code: number): Family {
  if (code === 2) return "ipv4";
  if (code === 10) return "ipv6";
  throw new RecordFormatError(`unknown address family ${code}`);
}

const isV4Mapped = (bytes: Buffer) =>
  bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/**
 * A socket's family and addresses as the network sees them: an IPv4 peer of an IPv6 socket
 * (`::ffff:a.b.c.d`) is IPv4.
 */
function addresses(fam: Family, local: Buffer, peer: Buffer): { family: Family; localAddr: string; peerAddr: string } {
  if (fam === "ipv6" && isV4Mapped(local) && isV4Mapped(peer))
    return {
      family: "ipv4",
      localAddr: formatAddress(local.subarray(12), "ipv4"),
      peerAddr: formatAddress(peer.subarray(12), "ipv4"),
    };
  return { family: fam, localAddr: formatAddress(local, fam), peerAddr: formatAddress(peer, fam) };
}

/** IPv4 dotted (first 4 bytes), IPv6 compressed per RFC 5952, from the kernel's address bytes. */
export function formatAddress(bytes: Buffer, fam: Family): string {
  if (fam === "ipv4") return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  if (isV4Mapped(bytes)) return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  // Compress the longest run of two or more zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString("latin1", start, end < 0 || end > start + length ? start + length : end);
}

function decodeHttp(p: Buffer): HttpExchange {
  if (p.length < HTTP_HEAD) throw new RecordFormatError(`HTTP record of ${p.length} bytes, at least ${HTTP_HEAD}`);
  const fam = family(p.readUInt8(29));
  const requestLen = Math.min(p.readUInt16LE(34), HTTP_REQUEST_CAP, p.length - HTTP_HEAD);
  const responseLen = Math.min(p.readUInt16LE(36), HTTP_RESPONSE_CAP);
  const direction = p.readUInt8(28);
  if (direction > 1) throw new RecordFormatError(`unknown HTTP direction ${direction}`);
  return {
    kind: "http",
    startNs: p.readBigUInt64LE(0),
    endNs: p.readBigUInt64LE(8),
    tgid: p.readUInt32LE(16),
    tid: p.readUInt32LE(20),
    fd: p.readInt32LE(24),
    direction: direction === 0 ? "server" : "client",
    ...addresses(fam, p.subarray(40, 56), p.subarray(56, 72)),
    localPort: p.readUInt16LE(30),
    peerPort: p.readUInt16LE(32),
    comm: cString(p, 72, 16),
    // Views, not copies: the reader never writes to a chunk it has handed out.
    response: p.subarray(88, 88 + responseLen),
    request: p.subarray(HTTP_HEAD, HTTP_HEAD + requestLen),
  };
}

function decodeTcp(p: Buffer): TcpEvent {
  if (p.length < TCP_SIZE) throw new RecordFormatError(`TCP record of ${p.length} bytes, expected ${TCP_SIZE}`);
  const type = TCP_TYPES[p.readUInt8(40)];
  if (type === undefined) throw new RecordFormatError(`unknown TCP event type ${p.readUInt8(40)}`);
  const fam = family(p.readUInt8(41));
  return {
    kind: "tcp",
    type,
    tsNs: p.readBigUInt64LE(0),
    durationNs: p.readBigUInt64LE(8),
    bytesSent: p.readBigUInt64LE(16),
    bytesReceived: p.readBigUInt64LE(24),
    tgid: p.readUInt32LE(32),
    retransmits: p.readUInt32LE(36),
    ...addresses(fam, p.subarray(48, 64), p.subarray(64, 80)),
    localPort: p.readUInt16LE(42),
    peerPort: p.readUInt16LE(44),
    direction: TCP_DIRECTIONS[p.readUInt8(46)] ?? "unknown",
    comm: cString(p, 80, 16),
  };
}

function decodeRunq(p: Buffer): RunQueueHistogram {
  if (p.length < RUNQ_SIZE) throw new RecordFormatError(`run-queue record of ${p.length} bytes, expected ${RUNQ_SIZE}`);
  const slots: number[] = [];
  for (let i = 0; i < RUNQ_SLOTS; i++) slots.push(Number(p.readBigUInt64LE(16 + i * 8)));
  return { kind: "runq", tgid: p.readUInt32LE(0), totalNs: p.readBigUInt64LE(8), slots, comm: cString(p, 272, 16) };
}

function decodeStats(p: Buffer): ProbeStats {
  if (p.length < STATS_SIZE) throw new RecordFormatError(`stats record of ${p.length} bytes, expected ${STATS_SIZE}`);
  return {
    kind: "stats",
    tsNs: p.readBigUInt64LE(0),
    httpEvents: p.readBigUInt64LE(8),
    httpDrops: p.readBigUInt64LE(16),
    tcpEvents: p.readBigUInt64LE(24),
    tcpDrops: p.readBigUInt64LE(32),
    httpInflightEvicted: p.readBigUInt64LE(40),
    ...(p.length >= STATS_SAMPLING_SIZE
      ? {
          httpKept: p.readBigUInt64LE(48),
          httpSampledOut: p.readBigUInt64LE(56),
          httpUnreadable: p.readBigUInt64LE(64),
          httpOverflowed: p.readBigUInt64LE(72),
        }
      : { httpKept: p.readBigUInt64LE(8), httpSampledOut: 0n, httpUnreadable: 0n, httpOverflowed: 0n }),
  };
}

function decodeHttpRed(p: Buffer): HttpRed {
  if (p.length < RED_SIZE) throw new RecordFormatError(`HTTP RED record of ${p.length} bytes, expected ${RED_SIZE}`);
  const direction = p.readUInt8(162);
  if (direction > 1) throw new RecordFormatError(`unknown HTTP direction ${direction}`);
  const buckets: number[] = [];
  for (let i = 0; i < HTTP_RED_BUCKETS; i++) buckets.push(Number(p.readBigUInt64LE(32 + i * 8)));
  const status = p.readUInt16LE(160);
  const familyCode = p.readUInt8(163);
  const text = (at: number, lengthAt: number, cap: number) =>
    p.toString("latin1", at, at + Math.min(p.readUInt8(lengthAt), cap));
  return {
    kind: "red",
    count: Number(p.readBigUInt64LE(0)),
    sumNs: p.readBigUInt64LE(8),
    minNs: p.readBigUInt64LE(16),
    maxNs: p.readBigUInt64LE(24),
    buckets,
    tgid: p.readUInt32LE(152),
    direction: direction === 0 ? "server" : "client",
    localPort: p.readUInt16LE(156),
    peerPort: p.readUInt16LE(158),
    peerAddr:
      familyCode === 0 ? "" : addresses(family(familyCode), p.subarray(168, 184), p.subarray(168, 184)).peerAddr,
    statusCode: status === 0 ? undefined : status,
    method: text(200, 165, 8),
    host: text(208, 166, 64),
    path: text(272, 167, 128),
    overflow: (p.readUInt8(164) & 1) === 1,
    comm: cString(p, 184, 16),
  };
}

/** One record from a frame's kind and payload; undefined for kinds this agent does not know. */
export function decodeRecord(kind: number, payload: Buffer): ProbeRecord | undefined {
  switch (kind) {
    case RECORD_HTTP:
      return decodeHttp(payload);
    case RECORD_TCP:
      return decodeTcp(payload);
    case RECORD_RUNQ:
      return decodeRunq(payload);
    case RECORD_STATS:
      return decodeStats(payload);
    case RECORD_HTTP_RED:
      return decodeHttpRed(payload);
    default:
      return undefined;
  }
}

/**
 * Splits the loader's byte stream into records, whatever the chunk boundaries. A record that
 * fails to decode is counted and skipped (its frame says where the next one starts); a frame
 * header that cannot be right means the stream is lost, and `push` throws.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  malformed = 0;
  unknownKinds = 0;

  constructor(private readonly onError: (error: Error) => void = () => {}) {}

  push(chunk: Buffer): ProbeRecord[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: ProbeRecord[] = [];
    let at = 0;
    while (data.length - at >= FRAME_HEADER) {
      const kind = data.readUInt32LE(at);
      const size = data.readUInt32LE(at + 4);
      if (size > MAX_FRAME) throw new RecordFormatError(`frame of ${size} bytes (kind ${kind}): the stream is corrupt`);
      if (data.length - at - FRAME_HEADER < size) break;
      const payload = data.subarray(at + FRAME_HEADER, at + FRAME_HEADER + size);
      at += FRAME_HEADER + size;
      try {
        const record = decodeRecord(kind, payload);
        if (record) out.push(record);
        else this.unknownKinds++;
      } catch (error) {
        this.malformed++;
        this.onError(error as Error);
      }
    }
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return out;
  }
}
