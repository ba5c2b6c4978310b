-- One row per metric exemplar, so "exemplars of this series in this window" is a primary-key
-- range read and "exemplars of this trace" a bloom-filter lookup, instead of ARRAY JOINs over
-- whole metric tables. Filled by one materialized view per metric type that has exemplars
-- (summaries have none), so rows written by the exporter are picked up too.
-- SeriesFingerprint = cityHash64(ServiceName, Attributes): readers compute it the same way.
CREATE TABLE IF NOT EXISTS tracelight_exemplars (
    MetricName LowCardinality(String) CODEC(ZSTD(1)),
    MetricType LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    SeriesFingerprint UInt64 CODEC(ZSTD(1)),
    Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    Value Float64 CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    FilteredAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (MetricName, SeriesFingerprint, Timestamp)
TTL toDateTime(Timestamp) + toIntervalDay(@TTL_METRICS_DAYS@)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_exemplars_gauge_mv TO tracelight_exemplars AS
SELECT
    MetricName,
    'gauge' AS MetricType,
    ServiceName,
    cityHash64(ServiceName, Attributes) AS SeriesFingerprint,
    Attributes,
    Exemplars.TimeUnix AS Timestamp,
    Exemplars.Value AS Value,
    Exemplars.TraceId AS TraceId,
    Exemplars.SpanId AS SpanId,
    Exemplars.FilteredAttributes AS FilteredAttributes
FROM otel_metrics_gauge
ARRAY JOIN Exemplars;

CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_exemplars_sum_mv TO tracelight_exemplars AS
SELECT
    MetricName,
    'sum' AS MetricType,
    ServiceName,
    cityHash64(ServiceName, Attributes) AS SeriesFingerprint,
    Attributes,
    Exemplars.TimeUnix AS Timestamp,
    Exemplars.Value AS Value,
    Exemplars.TraceId AS TraceId,
    Exemplars.SpanId AS SpanId,
    Exemplars.FilteredAttributes AS FilteredAttributes
FROM otel_metrics_sum
ARRAY JOIN Exemplars;

CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_exemplars_histogram_mv TO tracelight_exemplars AS
SELECT
    MetricName,
    'histogram' AS MetricType,
    ServiceName,
    cityHash64(ServiceName, Attributes) AS SeriesFingerprint,
    Attributes,
    Exemplars.TimeUnix AS Timestamp,
    Exemplars.Value AS Value,
    Exemplars.TraceId AS TraceId,
    Exemplars.SpanId AS SpanId,
    Exemplars.FilteredAttributes AS FilteredAttributes
FROM otel_metrics_histogram
ARRAY JOIN Exemplars;

CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_exemplars_exponential_histogram_mv TO tracelight_exemplars AS
SELECT
    MetricName,
    'exponential_histogram' AS MetricType,
    ServiceName,
    cityHash64(ServiceName, Attributes) AS SeriesFingerprint,
    Attributes,
    Exemplars.TimeUnix AS Timestamp,
    Exemplars.Value AS Value,
    Exemplars.TraceId AS TraceId,
    Exemplars.SpanId AS SpanId,
    Exemplars.FilteredAttributes AS FilteredAttributes
FROM otel_metrics_exponential_histogram
ARRAY JOIN Exemplars;
