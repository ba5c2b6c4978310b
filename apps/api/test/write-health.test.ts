// Ingest's write health: what readiness reports while inserts fail and after one succeeds, and
// how often a run of failures is logged. The store's own failure (a full disk) is exercised
// for real in full-disk.chdb.test.ts.
import Fastify from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerHealthRoutes, storeReadiness } from "../src/health.ts";
import { trackWrites, WriteHealth } from "../src/ingest/write-health.ts";
import { log } from "../src/log.ts";

afterEach(() => vi.restoreAllMocks());

function clock(start = Date.parse("2026-12-07T10:00:00Z")) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe("WriteHealth", () => {
  it("is failing from the first failed write, with the error, until a write succeeds", () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    const info = vi.spyOn(log, "info").mockImplementation(() => {});
    const c = clock();
    const health = new WriteHealth({ now: c.now });
    expect(health.check()).toBe("ok");
    health.failed(new Error("Cannot reserve 1.00 MiB, not enough space"));
    c.t += 5_000;
    health.failed(new Error("No space left on device"));
    expect(health.check()).toBe("failing since 2026-12-07T10:00:00.000Z (2 failed writes): No space left on device");
    health.succeeded();
    expect(health.check()).toBe("ok");
    expect(info).toHaveBeenCalledWith("ingest writes succeed again", { failedForMs: 5_000, failedWrites: 2 });
    health.succeeded();
    expect(info).toHaveBeenCalledTimes(1);
  });

  it("logs the first failure with its error, then at most one line per interval", () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => {});
    const c = clock();
    const health = new WriteHealth({ now: c.now, logIntervalMs: 10_000 });
    const first = new Error("disk full");
    health.failed(first);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[1]).toEqual({ error: first });
    for (let i = 0; i < 50; i++) {
      c.t += 100;
      health.failed(new Error("disk full"));
    }
    expect(error).toHaveBeenCalledTimes(1);
    c.t += 5_000;
    health.failed(new Error("still full"));
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[1]?.[1]).toMatchObject({ since: "2026-12-07T10:00:00.000Z", failedWrites: 51 });
  });
});

describe("WriteHealth's probe", () => {
  it("runs only while failing, every interval, and its success ends the failure", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    vi.spyOn(log, "info").mockImplementation(() => {});
    vi.useFakeTimers();
    try {
      let full = true;
      let probes = 0;
      const probe = async () => {
        probes++;
        if (full) throw new Error("Cannot reserve 1.00 MiB, not enough space");
      };
      const health = new WriteHealth({ probe, probeIntervalMs: 5_000 });
      await vi.advanceTimersByTimeAsync(20_000);
      expect(probes).toBe(0);
      health.failed(new Error("No space left on device"));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(probes).toBe(2);
      expect(health.check()).toMatch(/\(1 failed writes\): Cannot reserve 1.00 MiB, not enough space$/);
      full = false;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(health.check()).toBe("ok");
      await vi.advanceTimersByTimeAsync(20_000);
      expect(probes).toBe(3);
      health.stop();
      health.failed(new Error("closing"));
      await vi.advanceTimersByTimeAsync(20_000);
      expect(probes).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("trackWrites", () => {
  it("records each insert's outcome and passes its error on", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    vi.spyOn(log, "info").mockImplementation(() => {});
    let fail = true;
    const health = new WriteHealth();
    const writer = trackWrites(
      {
        insertEncoded: async () => {
          if (fail) throw new Error("engine error");
        },
      },
      health,
    );
    await expect(writer.insertEncoded([])).rejects.toThrow("engine error");
    expect(health.check()).toMatch(/^failing since .*: engine error$/);
    fail = false;
    await writer.insertEncoded([]);
    expect(health.check()).toBe("ok");
  });
});

describe("/readyz with ingest", () => {
  it("is 503 naming the failing writes, and 200 again once a write succeeds", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    vi.spyOn(log, "info").mockImplementation(() => {});
    const health = new WriteHealth();
    const store = {
      description: "stand-in",
      query: async <Row>(q: { text: string }) =>
        (q.text.includes("tracelight_migrations") ? [{ n: 5 }] : [{ ok: 1 }]) as Row[],
      command: async () => {},
      insert: async () => {},
      close: async () => {},
    };
    const app = Fastify();
    registerHealthRoutes(
      app,
      storeReadiness(
        store,
        () => true,
        () => health.check(),
      ),
    );
    const readyz = async () => {
      const response = await app.inject({ method: "GET", url: "/readyz" });
      return { status: response.statusCode, body: response.json() };
    };
    expect(await readyz()).toMatchObject({ status: 200, body: { checks: { ingest: "ok" } } });
    health.failed(new Error("No space left on device"));
    const failing = await readyz();
    expect(failing.status).toBe(503);
    expect(failing.body.checks).toMatchObject({ store: "ok", migrations: "ok" });
    expect(failing.body.checks.ingest).toMatch(/^failing since \S+ \(1 failed writes\): No space left on device$/);
    expect(failing.body.error.message).toBe(failing.body.checks.ingest);
    health.succeeded();
    expect(await readyz()).toMatchObject({ status: 200, body: { status: "ready", checks: { ingest: "ok" } } });
    await app.close();
  });
});
