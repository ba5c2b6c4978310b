-- Span-derived RED rollup per (service, route, minute), keeping exemplar traces: the slowest
-- span of the bucket, and the slowest error span (argMax by (is error, duration), so it is an
-- error whenever the bucket has one; readers check Errors > 0 before calling it an error).
-- Entry spans only: server/consumer spans, or roots (no parent) of any kind.
-- Kept as long as metrics (it is a metric derived from spans), see migrate.ts.
-- Duration is cast: the exporter's 2023 tables store it as Int64, and the states are UInt64.
CREATE TABLE IF NOT EXISTS tracelight_red_1m (
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Route LowCardinality(String) CODEC(ZSTD(1)),
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Requests SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationSumNs SimpleAggregateFunction(sum, UInt64),
    Latency AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), UInt64),
    Slowest AggregateFunction(argMax, Tuple(String, String, UInt64, DateTime64(9)), UInt64),
    ErrorExemplar AggregateFunction(argMax, Tuple(String, String, UInt64, DateTime64(9)), Tuple(UInt8, UInt64))
) ENGINE = AggregatingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (ServiceName, Route, Minute)
TTL Minute + toIntervalDay(@TTL_METRICS_DAYS@)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_red_1m_mv TO tracelight_red_1m AS
SELECT
    ServiceName,
    if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], SpanName) AS Route,
    toStartOfMinute(toDateTime(Timestamp)) AS Minute,
    toUInt64(count()) AS Requests,
    toUInt64(countIf(StatusCode = 'Error')) AS Errors,
    toUInt64(sum(toUInt64(Duration))) AS DurationSumNs,
    quantilesTDigestState(0.5, 0.9, 0.99)(toUInt64(Duration)) AS Latency,
    argMaxState((TraceId, SpanId, toUInt64(Duration), Timestamp), toUInt64(Duration)) AS Slowest,
    argMaxState((TraceId, SpanId, toUInt64(Duration), Timestamp), (toUInt8(StatusCode = 'Error'), toUInt64(Duration))) AS ErrorExemplar
FROM otel_traces
WHERE SpanKind IN ('Server', 'Consumer') OR ParentSpanId = ''
GROUP BY ServiceName, Route, Minute;
