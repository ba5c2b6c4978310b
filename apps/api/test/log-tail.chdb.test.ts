// Live tail over real HTTP: the service runs in-process (ingest + query over chDB), a client
// opens /api/v1/logs/tail with filters, the OpenTelemetry SDK's exporters send logs over
// OTLP/HTTP, and only the matching records arrive, as /logs returns them once stored.
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import type { LogRecord, LogsResponse, LogTailBatch } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, exportLogs } from "./helpers/exporters.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { openSse, type SseClient } from "./helpers/sse.ts";
import { makeLogs } from "./helpers/telemetry.ts";

let t: TestService;
let api: string;
let client: ClientOptions;

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${t.service.ports.api}/api/v1`;
  client = { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc };
});
afterAll(async () => {
  await t?.close();
});

const received = (c: SseClient): LogRecord[] =>
  c.events.filter((e) => e.event === "logs").flatMap((e) => (JSON.parse(e.data) as LogTailBatch).logs);

/** Waits until a record whose body contains `text` has arrived. */
const waitForBody = (c: SseClient, text: string) =>
  until(`a record with "${text}"`, () => {
    if (received(c).some((r) => r.body.includes(text))) return true;
    throw new Error(`${received(c).length} records without it`);
  });

/** One log record of `service` with the given body and severity, through the SDK's proto exporter. */
async function sendOne(service: string, body: string, severity = SeverityNumber.ERROR): Promise<void> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  provider.getLogger("tail-test").emit({ severityNumber: severity, severityText: "X", body });
  expect((await exportLogs("proto", memory.getFinishedLogRecords(), client)).code).toBe(0);
}

describe("GET /api/v1/logs/tail", () => {
  it("streams only the stored logs that match, as /logs returns them; disconnecting removes the subscriber", async () => {
    const tail = await openSse(`${api}/logs/tail?service=tail-a&severity=error`);
    const words = await openSse(`${api}/logs/tail?q=LINE%203`);
    expect(tail.status).toBe(200);
    expect(tail.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await until("subscribers", () => tail.comments.includes("connected") && t.service.logTail?.size === 2);

    // tail-a: INFO at even i, ERROR at odd i; tail-b: same severities, other service.
    expect((await exportLogs("proto", makeLogs("tail-a", 6), client)).code).toBe(0);
    expect((await exportLogs("json", makeLogs("tail-b", 4), client)).code).toBe(0);
    // Sent last and matching: anything that was going to arrive before it has arrived.
    await sendOne("tail-a", "sentinel line 3");
    await waitForBody(tail, "sentinel");
    await waitForBody(words, "sentinel");

    const got = received(tail);
    expect(got.map((r) => r.body)).toEqual([
      "log line 1 from tail-a",
      "log line 3 from tail-a",
      "log line 5 from tail-a",
      "sentinel line 3",
    ]);
    expect(received(words).map((r) => r.body)).toEqual([
      "log line 3 from tail-a",
      "log line 3 from tail-b",
      "sentinel line 3",
    ]);
    // Field for field what the search reads back from ClickHouse (the SDK stamps whole
    // milliseconds, so records tie on time: compare in one order).
    const searched = (await (await fetch(`${api}/logs?service=tail-a&severity=ERROR`)).json()) as LogsResponse;
    const order = (a: LogRecord, b: LogRecord) => a.timestamp - b.timestamp || a.body.localeCompare(b.body);
    expect(searched.logs.sort(order)).toEqual([...got].sort(order));

    tail.close();
    await until("the subscriber to leave", () => t.service.logTail?.size === 1);
    words.close();
    await until("the last subscriber to leave", () => t.service.logTail?.size === 0);
  });

  it("splits a large request into events of at most 500 records, each oldest first", async () => {
    const tail = await openSse(`${api}/logs/tail?service=tail-bulk`);
    await until("the subscriber", () => t.service.logTail?.size === 1);
    expect((await exportLogs("proto", makeLogs("tail-bulk", 700), client)).code).toBe(0);
    await sendOne("tail-bulk", "bulk sentinel", SeverityNumber.INFO);
    await waitForBody(tail, "bulk sentinel");
    const batches = tail.events.filter((e) => e.event === "logs").map((e) => (JSON.parse(e.data) as LogTailBatch).logs);
    expect(batches.every((b) => b.length <= 500)).toBe(true);
    expect(batches.flat()).toHaveLength(701);
    for (const b of batches) {
      const times = b.map((r) => BigInt(r.timestampUnixNano));
      expect(times.every((ns, i) => i === 0 || ns >= (times[i - 1] ?? 0n))).toBe(true);
    }
    tail.close();
    await until("the subscriber to leave", () => t.service.logTail?.size === 0);
  });

  it("400s bad filters before opening a stream", async () => {
    const res = await fetch(`${api}/logs/tail?traceId=xyz`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: "traceId: must be 32 hex characters" } });
  });

  it("closing the service ends open streams", async () => {
    const tail = await openSse(`${api}/logs/tail`);
    await until("the subscriber", () => t.service.logTail?.size === 1);
    await t.service.close();
    await tail.ended;
    expect(t.service.logTail?.size).toBe(0);
  });
});
