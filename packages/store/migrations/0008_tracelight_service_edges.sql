-- The service map's rollup: calls per (caller, callee, minute) from client/producer spans and
-- the server/consumer spans they parent in another service. A view cannot pair them (parent and
-- child often arrive in different inserts), so the view only keeps each span's half of a call
-- with the minute it arrived in, and a background job (src/service-edges.ts) pairs the halves
-- once the minute both have arrived by is over.
-- Halves are needed only until paired: kept two hours (a parent arriving later goes unpaired).
CREATE TABLE IF NOT EXISTS tracelight_edge_halves (
    Arrived DateTime CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    IsCallee UInt8,
    Minute DateTime CODEC(Delta, ZSTD(1)),
    DurationNs UInt64 CODEC(ZSTD(1)),
    IsError UInt8
) ENGINE = MergeTree
PARTITION BY toStartOfHour(Arrived)
ORDER BY (IsCallee, Arrived, TraceId)
TTL Arrived + toIntervalHour(2)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

-- Both names of span kind and status (src/queries/span-enums.ts); Duration cast as in 0007
-- (the exporter's 2023 tables store it as Int64).
CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_edge_halves_mv TO tracelight_edge_halves AS
SELECT
    toStartOfMinute(now()) AS Arrived,
    TraceId,
    SpanId,
    ParentSpanId,
    ServiceName,
    toUInt8(SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER')) AS IsCallee,
    toStartOfMinute(toDateTime(Timestamp)) AS Minute,
    toUInt64(Duration) AS DurationNs,
    toUInt8(StatusCode IN ('Error', 'STATUS_CODE_ERROR')) AS IsError
FROM otel_traces
WHERE SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER')
   OR (SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER') AND ParentSpanId != '');

-- Minute: the callee span's. Latency: the caller's span (what the caller waited, network
-- included). Paired: the arrival minute whose run wrote the row. Pairing an arrival minute again
-- (a restart, two processes pairing) writes the same rows again, which this engine folds into
-- one (readers use FINAL), so pairing needs no lock.
CREATE TABLE IF NOT EXISTS tracelight_service_edges_1m (
    Caller LowCardinality(String) CODEC(ZSTD(1)),
    Callee LowCardinality(String) CODEC(ZSTD(1)),
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Paired DateTime CODEC(Delta, ZSTD(1)),
    Calls UInt64,
    Errors UInt64,
    Latency AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), UInt64)
) ENGINE = ReplacingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (Minute, Caller, Callee, Paired)
TTL Minute + toIntervalDay(@TTL_METRICS_DAYS@)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
