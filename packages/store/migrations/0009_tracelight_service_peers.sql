-- The service map's peers: calls to what sends no spans of its own (a database, a third-party
-- API, a service without SDK or agent). A caller half carries the name of what it called, taken
-- from its attributes in the order of the OpenTelemetry semantic conventions, and PeerAttr, the
-- attribute that named it (so a search can find the calls again, src/queries/peer-search.ts).
-- Halves written before this migration have no name: their calls only pair, as before.
ALTER TABLE tracelight_edge_halves
    ADD COLUMN IF NOT EXISTS Peer LowCardinality(String),
    ADD COLUMN IF NOT EXISTS PeerAttr LowCardinality(String);

-- As 0008's view, plus the peer's name. Databases: system/namespace (db.system.name and
-- db.namespace since semantic conventions 1.26, db.system and db.name before); messaging:
-- system/destination; an address: host:port, an IPv6 host in brackets when a port follows.
ALTER TABLE tracelight_edge_halves_mv MODIFY QUERY
SELECT
    toStartOfMinute(now()) AS Arrived,
    TraceId,
    SpanId,
    ParentSpanId,
    ServiceName,
    toUInt8(SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER')) AS IsCallee,
    toStartOfMinute(toDateTime(Timestamp)) AS Minute,
    toUInt64(Duration) AS DurationNs,
    toUInt8(StatusCode IN ('Error', 'STATUS_CODE_ERROR')) AS IsError,
    if(IsCallee = 1, '', multiIf(
        SpanAttributes['peer.service'] != '', 'peer.service',
        SpanAttributes['db.system.name'] != '', 'db.system.name',
        SpanAttributes['db.system'] != '', 'db.system',
        SpanAttributes['messaging.system'] != '', 'messaging.system',
        SpanAttributes['server.address'] != '', 'server.address',
        SpanAttributes['net.peer.name'] != '', 'net.peer.name',
        SpanAttributes['http.host'] != '', 'http.host',
        domain(SpanAttributes['url.full']) != '', 'url.full',
        domain(SpanAttributes['http.url']) != '', 'http.url',
        '')) AS PeerAttr,
    multiIf(
        PeerAttr IN ('db.system.name', 'db.system'), concat(SpanAttributes[PeerAttr],
            if(SpanAttributes['db.namespace'] != '', concat('/', SpanAttributes['db.namespace']),
               if(SpanAttributes['db.name'] != '', concat('/', SpanAttributes['db.name']), ''))),
        PeerAttr = 'messaging.system', concat(SpanAttributes[PeerAttr],
            if(SpanAttributes['messaging.destination.name'] != '', concat('/', SpanAttributes['messaging.destination.name']),
               if(SpanAttributes['messaging.destination'] != '', concat('/', SpanAttributes['messaging.destination']), ''))),
        PeerAttr IN ('server.address', 'net.peer.name'), concat(
            if(position(SpanAttributes[PeerAttr], ':') > 0, concat('[', SpanAttributes[PeerAttr], ']'), SpanAttributes[PeerAttr]),
            if(SpanAttributes[if(PeerAttr = 'server.address', 'server.port', 'net.peer.port')] != '',
               concat(':', SpanAttributes[if(PeerAttr = 'server.address', 'server.port', 'net.peer.port')]), '')),
        PeerAttr IN ('url.full', 'http.url'), domain(SpanAttributes[PeerAttr]),
        PeerAttr != '', SpanAttributes[PeerAttr],
        '') AS Peer
FROM otel_traces
WHERE SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER')
   OR (SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER') AND ParentSpanId != '');

-- Calls of a caller half whose callee never arrived within the pairing job's wait
-- (src/service-edges.ts), per (caller, peer, minute of the caller's span). Paired: the arrival
-- minute whose run decided them (the caller's arrival minute plus the wait); repeated runs write
-- the same rows, folded into one as in tracelight_service_edges_1m.
CREATE TABLE IF NOT EXISTS tracelight_peer_edges_1m (
    Caller LowCardinality(String) CODEC(ZSTD(1)),
    Peer LowCardinality(String) CODEC(ZSTD(1)),
    PeerAttr LowCardinality(String) CODEC(ZSTD(1)),
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Paired DateTime CODEC(Delta, ZSTD(1)),
    Calls UInt64,
    Errors UInt64,
    Latency AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), UInt64)
) ENGINE = ReplacingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (Minute, Caller, Peer, PeerAttr, Paired)
TTL Minute + toIntervalDay(@TTL_METRICS_DAYS@)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
