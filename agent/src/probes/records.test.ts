// The decoder over bytes the real loader wrote (test/fixtures, captured as their README says),
// and over hand-made frames for what a capture cannot show (bad records, odd chunking).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRequestHead } from "../http/message.ts";
import { FrameReader, formatAddress, type HttpExchange, type ProbeRecord, RecordFormatError } from "./records.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../../test/fixtures", name));
const decodeAll = (bytes: Buffer) => new FrameReader().push(bytes);
const of = <K extends ProbeRecord["kind"]>(records: ProbeRecord[], kind: K) =>
  records.filter((r): r is Extract<ProbeRecord, { kind: K }> => r.kind === kind);

describe("captured HTTP exchanges", () => {
  const records = decodeAll(fixture("probes-http.bin"));
  const http = of(records, "http");

  it("holds the 14 exchanges and the stats records, nothing malformed", () => {
    expect(records).toHaveLength(17);
    expect(http).toHaveLength(14);
    expect(of(records, "stats").map((s) => s.httpEvents)).toEqual([0n, 14n, 14n]);
    expect(of(records, "stats").every((s) => s.httpDrops === 0n)).toBe(true);
  });

  it("decodes both sides of each request, server first", () => {
    const lines = http.map((h) => `${h.direction} ${h.request.toString("latin1").split("\r\n")[0]}`);
    expect(lines).toEqual(
      ["/a", "/b", "/traced", "/deep-traced", "/post", "/v6", "/from-node"].flatMap((p) => {
        const line = p === "/post" ? "POST /post HTTP/1.1" : `GET ${p} HTTP/1.1`;
        return [`server ${line}`, `client ${line}`];
      }),
    );
    const [server, client] = http as [HttpExchange, HttpExchange];
    expect(server).toMatchObject({ tgid: 2013, tid: 2013, comm: "node", fd: 20, localPort: 18080, peerPort: 33240 });
    expect(client).toMatchObject({ tgid: 2023, comm: "curl", fd: 5, localPort: 33240, peerPort: 18080 });
    expect(server.request.toString("latin1")).toBe(
      "GET /a HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
    );
    expect(server.response.toString("latin1")).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Content-Length: 2\r\n\r\nok$/);
    for (const h of http) expect(h.endNs).toBeGreaterThanOrEqual(h.startNs);
  });

  it("keeps one connection for keep-alive requests", () => {
    expect(http[0]!.peerPort).toBe(http[2]!.peerPort);
    expect(http[0]!.fd).toBe(http[2]!.fd);
  });

  it("reports IPv4 peers of a dual-stack socket as IPv4, and real IPv6 as IPv6", () => {
    expect(http[0]).toMatchObject({ family: "ipv4", localAddr: "127.0.0.1", peerAddr: "127.0.0.1" });
    expect(http[10]).toMatchObject({ family: "ipv6", localAddr: "::1", peerAddr: "::1", localPort: 18080 });
    expect(http[11]).toMatchObject({ direction: "client", family: "ipv6", peerAddr: "::1", peerPort: 18080 });
  });

  it("captures a traceparent even 800 bytes into the head", () => {
    expect(parseRequestHead(http[4]!.request)?.headers.get("traceparent")).toBe(
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    );
    expect(parseRequestHead(http[6]!.request)?.headers.get("traceparent")).toBe(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    );
    expect(http[6]!.request.toString("latin1").indexOf("traceparent")).toBe(800);
  });
});

describe("captured RED series and kept exchanges", () => {
  const records = decodeAll(fixture("probes-http-red.bin"));
  const red = of(records, "red");

  it("holds the kept exchanges, one series per route, status and side, and the sampling counters", () => {
    expect(records).toHaveLength(16);
    expect(of(records, "http").map((h) => `${h.direction} ${h.request.toString("latin1").split(" ")[1]}`)).toEqual([
      "server /fail/7",
      "client /fail/7",
      "client /missing",
      "server /traced",
      "client /traced",
    ]);
    expect(red.map((r) => `${r.direction} ${r.statusCode} ${r.path} ${r.count}`)).toEqual([
      "server 200 /users/0 3",
      "client 200 /users/0 3",
      "server 500 /fail/0 1",
      "client 500 /fail/0 1",
      "server 404 /missing 1",
      "client 404 /missing 1",
      "server 200 /traced 1",
      "client 200 /traced 1",
      "server 200 /unsampled 1",
      "client 200 /unsampled 1",
    ]);
    expect(of(records, "stats")).toEqual([
      expect.objectContaining({ httpEvents: 14n, httpKept: 5n, httpSampledOut: 9n, httpUnreadable: 0n, httpDrops: 0n }),
    ]);
  });

  it("decodes a series' counts, durations and endpoints", () => {
    expect(red[0]).toMatchObject({
      tgid: 3640,
      comm: "node",
      method: "GET",
      localPort: 18080,
      peerPort: 0,
      peerAddr: "",
      host: "",
      overflow: false,
      minNs: 124_269n,
      maxNs: 1_966_879n,
    });
    expect(red[0]!.buckets).toEqual([3, ...new Array(14).fill(0)]);
    expect(red[1]).toMatchObject({
      tgid: 3715,
      comm: "curl",
      localPort: 0,
      peerPort: 18080,
      peerAddr: "127.0.0.1",
      host: "127.0.0.1:18080",
    });
    expect(red[3]!.buckets[1]).toBe(1);
    for (const r of red) expect(r.buckets.reduce((a, b) => a + b, 0)).toBe(r.count);
  });
});

describe("captured TCP events", () => {
  const tcp = of(decodeAll(fixture("probes-tcp.bin")), "tcp");

  it("decodes opens, closes with bytes and durations, and a retransmit", () => {
    expect(tcp.map((e) => e.type)).toEqual([
      "open_active",
      "open_passive",
      "close",
      "close",
      "open_active",
      "open_passive",
      "close",
      "close",
      "close",
      "open_active",
      "retransmit",
      "close",
      "close",
      "close",
    ]);
    expect(tcp[2]).toMatchObject({
      tgid: 2088,
      comm: "curl",
      direction: "client",
      bytesSent: 84n,
      bytesReceived: 125n,
    });
    expect(tcp[3]).toMatchObject({
      tgid: 2078,
      comm: "node",
      direction: "server",
      family: "ipv4",
      localPort: 18080,
      bytesSent: 125n,
      bytesReceived: 83n,
    });
    expect(Number(tcp[3]!.durationNs) / 1e6).toBeCloseTo(7.33, 1);
    expect(tcp[6]).toMatchObject({ family: "ipv6", localAddr: "::1", peerAddr: "::1" });
    expect(tcp[10]).toMatchObject({ type: "retransmit", tgid: 2091, comm: "python3", retransmits: 1, peerPort: 18082 });
    expect(tcp[12]).toMatchObject({ tgid: 0, comm: "", direction: "server" });
  });
});

describe("captured run-queue histograms", () => {
  const records = decodeAll(fixture("probes-runqlat.bin"));

  it("decodes the busy loops' cumulative histograms", () => {
    expect(records).toHaveLength(49);
    const node = of(records, "runq").filter((r) => r.tgid === 2175);
    expect(node.map((r) => r.comm)).toEqual(["node", "node", "node"]);
    expect(node.map((r) => r.slots.reduce((a, b) => a + b, 0))).toEqual([125, 251, 310]);
    expect(node[0]!.slots[11]).toBe(125);
    expect(Number(node[2]!.totalNs) / 1e6).toBeCloseTo(1236.15, 1);
  });
});

describe("FrameReader", () => {
  const frame = (kind: number, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(kind, 0);
    header.writeUInt32LE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it("gives the same records whatever the chunk boundaries", () => {
    const bytes = fixture("probes-http.bin");
    const whole = decodeAll(bytes);
    const reader = new FrameReader();
    const pieces: ProbeRecord[] = [];
    for (let at = 0; at < bytes.length; at += 7) pieces.push(...reader.push(bytes.subarray(at, at + 7)));
    expect(pieces).toEqual(whole);
  });

  it("skips and counts a bad record but keeps reading, and ignores unknown kinds", () => {
    const errors: Error[] = [];
    const reader = new FrameReader((e) => errors.push(e));
    const stats = Buffer.alloc(48);
    stats.writeBigUInt64LE(5n, 8);
    const records = reader.push(
      Buffer.concat([frame(2, Buffer.alloc(10)), frame(99, Buffer.alloc(4)), frame(4, stats)]),
    );
    expect(records).toEqual([expect.objectContaining({ kind: "stats", httpEvents: 5n })]);
    expect(reader.malformed).toBe(1);
    expect(reader.unknownKinds).toBe(1);
    expect(errors[0]).toBeInstanceOf(RecordFormatError);
  });

  it("refuses a stream whose frame sizes make no sense", () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt32LE(1, 0);
    bad.writeUInt32LE(10_000_000, 4);
    expect(() => new FrameReader().push(bad)).toThrow(/corrupt/);
  });
});

describe("formatAddress", () => {
  it("writes IPv6 the way RFC 5952 asks", () => {
    const v6 = (hex: string) => Buffer.from(hex.replace(/:/g, ""), "hex");
    expect(formatAddress(v6("20010db8:00000000:00000000:00000001"), "ipv6")).toBe("2001:db8::1");
    expect(formatAddress(v6("20010db8:00000001:00000000:00010001"), "ipv6")).toBe("2001:db8:0:1::1:1");
    expect(formatAddress(v6("00000000:00000000:0000ffff:0a000001"), "ipv6")).toBe("::ffff:10.0.0.1");
    expect(formatAddress(v6("fe800000:00000000:02001234:56789abc"), "ipv6")).toBe("fe80::200:1234:5678:9abc");
  });
});
