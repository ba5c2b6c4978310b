import { describe, expect, it } from "vitest";
import { parseRequestHead, parseStatusCode } from "./message.ts";

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("parseRequestHead", () => {
  it("reads the request line and headers, lowercasing names and keeping the first value", () => {
    const head = parseRequestHead(
      bytes(
        "GET /cart/items?id=7&x=1 HTTP/1.1\r\nHost: shop:8080\r\nUser-Agent: curl/7.88\r\nX-A: 1\r\nx-a: 2\r\n\r\nbody",
      ),
    );
    expect(head).toEqual({
      method: "GET",
      target: "/cart/items?id=7&x=1",
      path: "/cart/items",
      query: "id=7&x=1",
      version: "1.1",
      headers: new Map([
        ["host", "shop:8080"],
        ["user-agent", "curl/7.88"],
        ["x-a", "1"],
      ]),
      truncated: false,
    });
  });

  it("drops the partial last header of a head cut at the capture limit and says it was cut", () => {
    const head = parseRequestHead(bytes("POST /orders HTTP/1.1\r\nHost: a\r\ntraceparent: 00-4bf92f3577b34da6a3ce9"));
    expect(head?.truncated).toBe(true);
    expect([...(head?.headers.keys() ?? [])]).toEqual(["host"]);
  });

  it("takes the path of an absolute-form target and keeps percent-encoding as sent", () => {
    expect(parseRequestHead(bytes("GET http://proxy.example:80/a/b?q HTTP/1.0\r\n\r\n"))).toMatchObject({
      path: "/a/b",
      query: "q",
      version: "1.0",
    });
    expect(parseRequestHead(bytes("GET /caf%C3%A9/a%2Fb HTTP/1.1\r\n\r\n"))?.path).toBe("/caf%C3%A9/a%2Fb");
  });

  it("refuses what is not an HTTP/1.x request", () => {
    for (const text of ["HTTP/1.1 200 OK\r\n\r\n", "FOO / HTTP/1.1\r\n\r\n", "GET / HTTP/2\r\n\r\n", "GET /\r\n", ""])
      expect(parseRequestHead(bytes(text))).toBeUndefined();
  });
});

describe("parseStatusCode", () => {
  it("reads the status of a status line", () => {
    expect(parseStatusCode(bytes("HTTP/1.1 503 Service Unavailable\r\n"))).toBe(503);
    expect(parseStatusCode(bytes("HTTP/1.0 200\r\n"))).toBe(200);
    expect(parseStatusCode(bytes("HTTP/1.1 20"))).toBeUndefined();
    expect(parseStatusCode(bytes("GET / HTTP/1.1"))).toBeUndefined();
  });
});
