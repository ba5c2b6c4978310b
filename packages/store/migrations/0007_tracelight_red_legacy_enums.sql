-- Exporters before mid-2024 stored span kind and status by their protobuf enum names
-- (SPAN_KIND_SERVER, STATUS_CODE_ERROR), later ones by the short names (Server, Error); the
-- RED rollup counts both alike (the readers do the same, see src/queries/span-enums.ts).
-- Their 2023 tables have an Int64 Duration: the states take UInt64, as the rollup stores them,
-- or every insert into otel_traces would fail in this view.
ALTER TABLE tracelight_red_1m_mv MODIFY QUERY
SELECT
    ServiceName,
    if(SpanAttributes['http.route'] != '', SpanAttributes['http.route'], SpanName) AS Route,
    toStartOfMinute(toDateTime(Timestamp)) AS Minute,
    toUInt64(count()) AS Requests,
    toUInt64(countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR'))) AS Errors,
    toUInt64(sum(toUInt64(Duration))) AS DurationSumNs,
    quantilesTDigestState(0.5, 0.9, 0.99)(toUInt64(Duration)) AS Latency,
    argMaxState((TraceId, SpanId, toUInt64(Duration), Timestamp), toUInt64(Duration)) AS Slowest,
    argMaxState((TraceId, SpanId, toUInt64(Duration), Timestamp), (toUInt8(StatusCode IN ('Error', 'STATUS_CODE_ERROR')), toUInt64(Duration))) AS ErrorExemplar
FROM otel_traces
WHERE SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER') OR ParentSpanId = ''
GROUP BY ServiceName, Route, Minute;
