// Micro benchmark of OTLP trace decoding: 100k realistic spans (10 attributes each) made by the
// OpenTelemetry JS SDK, serialized by otlp-transformer in requests of 1000 spans, decoded from
// protobuf and from JSON. Prints spans/s. Run: node --import tsx packages/otlp/bench/decode.ts
import { ROOT_CONTEXT, type SpanContext, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { decodeTraces, type OtlpEncoding } from "../src/index.ts";

const TOTAL = Number(process.env.SPANS ?? 100_000);
const PER_REQUEST = 1000;
const ROUNDS = Number(process.env.ROUNDS ?? 7);

function makeSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "checkout",
      "service.version": "1.4.2",
      "host.name": "node-7",
      "telemetry.sdk.language": "nodejs",
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: { attributeCountLimit: 64 },
  });
  const tracer = provider.getTracer("@example/http", "0.52.0");
  const routes = ["/api/cart", "/api/cart/:id", "/api/orders", "/api/users/:id/profile", "/healthz"];
  const start = 1_700_000_000;
  let rootContext: SpanContext = { traceId: "", spanId: "", traceFlags: 1 };
  for (let i = 0; i < TOTAL; i++) {
    const route = routes[i % routes.length] as string;
    // Three spans in four are children of the request span before them.
    const parent = i % 4 === 0 ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, rootContext);
    const span = tracer.startSpan(
      i % 4 === 0 ? `GET ${route}` : `SELECT orders.${i % 17}`,
      {
        kind: i % 4 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
        startTime: [start + Math.floor(i / 1000), (i % 1000) * 1_000_000],
        attributes: {
          "http.request.method": "GET",
          "http.route": route,
          "http.response.status_code": i % 50 === 0 ? 500 : 200,
          "url.full": `https://shop.example.com${route}?page=${i % 9}&sort=created_at&order=desc&utm_source=newsletter${i % 7}`,
          "server.address": "shop.example.com",
          "user_agent.original": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
          "db.statement": `SELECT id, total, status FROM orders WHERE user_id = $1 LIMIT ${i % 100}`,
          "thread.id": i % 32,
          "cache.hit": i % 3 === 0,
          "request.size": 512 + (i % 4096),
        },
      },
      parent,
    );
    if (i % 4 === 0) rootContext = span.spanContext();
    if (i % 50 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: "upstream failed" });
    span.end([start + Math.floor(i / 1000), (i % 1000) * 1_000_000 + 250_000 + (i % 5000)]);
  }
  return exporter.getFinishedSpans();
}

function measure(encoding: OtlpEncoding, bodies: Uint8Array[]): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let rows = 0;
    const t0 = process.hrtime.bigint();
    for (const body of bodies) rows += decodeTraces(body, encoding).rows.length;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (rows !== TOTAL) throw new Error(`decoded ${rows} spans, expected ${TOTAL}`);
    rates.push(rows / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number; // median; the first rounds include JIT warm-up
}

const spans = makeSpans();
const protobuf: Uint8Array[] = [];
const json: Uint8Array[] = [];
for (let i = 0; i < spans.length; i += PER_REQUEST) {
  const batch = spans.slice(i, i + PER_REQUEST);
  protobuf.push(ProtobufTraceSerializer.serializeRequest(batch) as Uint8Array);
  json.push(JsonTraceSerializer.serializeRequest(batch) as Uint8Array);
}
const bytes = (list: Uint8Array[]) => list.reduce((n, b) => n + b.byteLength, 0);
console.log(
  `${TOTAL} spans in ${protobuf.length} requests; protobuf ${(bytes(protobuf) / TOTAL).toFixed(0)} B/span, JSON ${(bytes(json) / TOTAL).toFixed(0)} B/span; median of ${ROUNDS} rounds`,
);
for (const [encoding, bodies] of [
  ["protobuf", protobuf],
  ["json", json],
] as const) {
  const rate = measure(encoding, bodies);
  console.log(
    `${encoding.padEnd(8)} ${Math.round(rate).toLocaleString("en-US")} spans/s  (${(1e6 / rate).toFixed(2)} µs/span)`,
  );
}
