// A full disk under the real engine: the data directory is a small tmpfs (needs root to mount;
// skipped otherwise). While inserts fail, ingest answers 503 and the OTLP listener's /readyz
// says not ready with the engine's error (the query API's stays ready: the UI must show what
// is wrong); once space returns, with no client sending, a probe write succeeds and /readyz is
// ready again within the probe interval, and every span that was acknowledged is stored.
import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "../src/log.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

function tryMount(dir: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=256m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const mountPoint = await mkdtemp(join(tmpdir(), "tracelight-full-disk-"));
const mounted = tryMount(mountPoint);
const filler = join(mountPoint, "filler");
let svc: TestService;

beforeAll(async () => {
  if (mounted) svc = await startTestService({}, { dataDir: join(mountPoint, "data"), roles: "ingest,query" });
});
afterAll(async () => {
  await svc?.close({ keepData: true });
  // Lazily: this process may still hold a file there (the metadata database) until it exits.
  if (mounted) execFileSync("umount", ["--lazy", mountPoint]);
  await rmdir(mountPoint);
});

/** Writes zeros into `filler` until the file system refuses: no byte left for the engine. */
async function fillDisk(): Promise<void> {
  const file = await open(filler, "w");
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (let size = chunk.length; size > 0; size >>= 1) {
      try {
        while (true) await file.write(chunk, 0, size);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      }
    }
  } finally {
    await file.close();
  }
}

/** POSTs `n` spans; returns the status and, when acknowledged, their span IDs. */
async function send(n: number): Promise<{ status: number; ids: string[] }> {
  const spans = makeSpans("full-disk", n);
  const response = await fetch(`${svc.otlpHttp}/v1/traces`, {
    method: "POST",
    body: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
    headers: { "content-type": "application/x-protobuf" },
  });
  await response.arrayBuffer();
  return { status: response.status, ids: response.status === 200 ? spans.map((s) => s.spanContext().spanId) : [] };
}

async function readyz(base = svc.otlpHttp) {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
}

describe.skipIf(!mounted)("fault: full disk", () => {
  it("turns /readyz not ready with the engine's error while inserts fail, ready again without traffic once space returns, nothing acknowledged lost", async () => {
    const errors = vi.spyOn(log, "error");
    const acked: string[] = [];
    const before = await send(200);
    expect(before.status).toBe(200);
    acked.push(...before.ids);
    expect(await readyz()).toMatchObject({ status: 200, body: { checks: { ingest: "ok" } } });

    await fillDisk();
    const refused = await send(200);
    expect(refused.status).toBe(503);
    const failing = await readyz();
    expect(failing.status).toBe(503);
    expect(failing.body.checks.ingest).toMatch(/^failing since \S+ \(\d+ failed writes\): .+/);
    expect(failing.body.checks.store).toBe("ok");
    expect((await readyz(`http://127.0.0.1:${svc.service.ports.api}`)).status).toBe(200);
    expect(errors).toHaveBeenCalledWith(
      "ingest write failed: not ready for ingest until a write succeeds",
      expect.objectContaining({ error: expect.any(Error) }),
    );

    // Still full: the probe write (every 5 s) keeps failing, and /readyz with it.
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await readyz()).status).toBe(503);

    // Space returns and no client sends (a load balancer sends nothing to a node not ready):
    // the probe write finds the room, /readyz is ready within its interval.
    await rm(filler);
    const freed = Date.now();
    const ready = await until("/readyz ready without traffic", async () =>
      (await readyz()).status === 200 ? Date.now() - freed : undefined,
    );
    expect(ready).toBeLessThan(5_000 + 1_000);
    expect(await readyz()).toMatchObject({ status: 200, body: { status: "ready", checks: { ingest: "ok" } } });
    // The sender retries the refused batch, as an OTLP exporter does after a 503.
    const retried = await send(200);
    expect(retried.status).toBe(200);
    acked.push(...retried.ids);

    const stored = new Set((await svc.rows<{ SpanId: string }>("SELECT SpanId FROM otel_traces")).map((r) => r.SpanId));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(acked.length);
  });
});
