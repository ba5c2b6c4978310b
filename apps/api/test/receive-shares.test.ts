// The fair share of bytes in bodies still arriving: equal per client address, the total bounded,
// a client over its share refused while others are admitted, and shares growing back.
import { describe, expect, it } from "vitest";
import { ReceiveShares } from "../src/ingest/receive-shares.ts";

describe("ReceiveShares", () => {
  it("a client alone may take the whole receive budget, and more with a single request", () => {
    const shares = new ReceiveShares(1000);
    const a = shares.open("a");
    expect(a?.resize(1500)).toBe(true);
  });

  it("a client is held to its share once others receive, and refused new requests over it", () => {
    const shares = new ReceiveShares(1000);
    const slow = [shares.open("slow"), shares.open("slow")];
    expect(slow[0]?.resize(400)).toBe(true);
    const normal = shares.open("normal");
    expect(shares.share()).toBe(500);
    expect(slow[1]?.resize(100)).toBe(true);
    expect(slow[1]?.resize(101)).toBe(false); // 501 > 500
    expect(normal?.resize(500)).toBe(true);
    expect(shares.open("slow")).toBeUndefined(); // 500 held, at its share
    expect(shares.open("third")?.resize(333)).toBe(true); // a newcomer gets its share at once
  });

  it("a closed body gives its bytes back and its client's place", () => {
    const shares = new ReceiveShares(1000);
    const a = shares.open("a");
    const b = shares.open("b");
    a?.resize(500);
    b?.resize(10);
    expect(a?.resize(501)).toBe(false);
    b?.close();
    b?.close();
    expect(shares.share()).toBe(1000);
    expect(a?.resize(900)).toBe(true);
    a?.close();
    expect(shares.share()).toBe(1000);
    expect(shares.open("b")?.resize(1000)).toBe(true);
  });
});
