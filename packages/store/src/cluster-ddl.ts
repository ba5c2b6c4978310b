// Rewrites one migration statement for a ClickHouse cluster (TRACELIGHT_CLICKHOUSE_CLUSTER):
// every table becomes `<name>_local` (Replicated*MergeTree, ON CLUSTER) plus `<name>`, a
// Distributed table over it, so queries and inserts keep the table names they use today.
// Materialized views read the local source and write the local target on each shard (a shard's
// inserts feed its own rollups); reads go through the Distributed tables. Pure: text in, text out.

/**
 * Sharding key of each Distributed table. Spans, their logs and the TraceId→time table shard by
 * TraceId, so a trace and its logs sit on one shard (trace by ID can skip the others with
 * optimize_skip_unused_shards). Logs without a trace would all hash to one shard: they spread
 * at random. Metric points and their exemplars shard by series (the exemplar views keep
 * ServiceName, MetricName and Attributes), the RED rollup by service and route.
 */
export const SHARDING_KEYS: Readonly<Record<string, string>> = {
  otel_traces: "cityHash64(TraceId)",
  otel_traces_trace_id_ts: "cityHash64(TraceId)",
  otel_logs: "if(empty(TraceId), rand(), cityHash64(TraceId))",
  otel_metrics_gauge: "cityHash64(ServiceName, MetricName, Attributes)",
  otel_metrics_sum: "cityHash64(ServiceName, MetricName, Attributes)",
  otel_metrics_histogram: "cityHash64(ServiceName, MetricName, Attributes)",
  otel_metrics_exponential_histogram: "cityHash64(ServiceName, MetricName, Attributes)",
  otel_metrics_summary: "cityHash64(ServiceName, MetricName, Attributes)",
  tracelight_exemplars: "cityHash64(ServiceName, MetricName, Attributes)",
  tracelight_red_1m: "cityHash64(ServiceName, Route)",
  // A trace's halves sit on its spans' shard; an edge's rows (repeats included) on one shard.
  tracelight_edge_halves: "cityHash64(TraceId)",
  tracelight_service_edges_1m: "cityHash64(Caller, Callee)",
  tracelight_peer_edges_1m: "cityHash64(Caller, Peer)",
};

/**
 * Tables replicated to every node of every shard instead of sharded: Tracelight's records of the
 * schema (migrations applied, tables it created), so a replica on any shard reads the same.
 */
const UNSHARDED_TABLES: readonly string[] = ["tracelight_migrations", "tracelight_tables"];

export interface ClusterDdl {
  /** The statements that carry out one migration statement on the cluster, in order. */
  statements(statement: string): string[];
  /** The table that holds a table's rows, TTL and indexes (`<name>_local` for sharded ones). */
  storageTable(table: string): string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function clusterDdl(cluster: string): ClusterDdl {
  if (!IDENTIFIER.test(cluster)) {
    throw new RangeError(`cluster name must be letters, digits and _ (as in remote_servers), got "${cluster}"`);
  }
  const storageTable = (table: string) => (table in SHARDING_KEYS ? `${table}_local` : table);
  return {
    storageTable,
    statements: (statement) => rewrite(statement.trim(), cluster, storageTable),
  };
}

const CREATE_TABLE = /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(/i;
const CREATE_VIEW = /^CREATE\s+MATERIALIZED\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s+TO\s+(\w+)\s+AS\s+/i;
const ALTER_TABLE = /^ALTER\s+TABLE\s+(\w+)\s+/i;
const ENGINE = /ENGINE\s*=\s*(\w*)MergeTree\b(?:\s*\(([^)]*)\))?/i;
/** ALTERs that change columns, which the Distributed table must see too. */
const COLUMN_ALTER = /^(ADD|DROP|MODIFY|RENAME|COMMENT|CLEAR)\s+COLUMN\b/i;

function rewrite(statement: string, cluster: string, storageTable: (t: string) => string): string[] {
  const onCluster = `ON CLUSTER ${cluster}`;
  let m = CREATE_TABLE.exec(statement);
  if (m) {
    const [head, ifNotExists = "", table = ""] = m;
    const unsharded = UNSHARDED_TABLES.includes(table);
    if (!unsharded && !(table in SHARDING_KEYS)) {
      throw new Error(`${table}: no sharding key for a cluster; add one to SHARDING_KEYS in cluster-ddl.ts`);
    }
    const local = storageTable(table);
    // Unsharded tables share one replication path across shards: every node holds every row.
    const path = unsharded
      ? `/clickhouse/tables/{database}/${local}`
      : `/clickhouse/tables/{shard}/{database}/${local}`;
    const body = statement.slice(head.length);
    const engine = ENGINE.exec(body);
    if (!engine) throw new Error(`${table}: only MergeTree-family tables can be replicated`);
    const [engineText, kind = "", args] = engine;
    const params = [`'${path}'`, "'{replica}'", ...(args?.trim() ? [args.trim()] : [])].join(", ");
    const localDdl = `CREATE TABLE ${ifNotExists}${local} ${onCluster} (${body.replace(engineText, `ENGINE = Replicated${kind}MergeTree(${params})`)}`;
    if (unsharded) return [localDdl];
    const key = SHARDING_KEYS[table];
    return [
      localDdl,
      `CREATE TABLE ${ifNotExists}${table} ${onCluster} AS ${local} ENGINE = Distributed('${cluster}', currentDatabase(), ${local}, ${key})`,
    ];
  }
  m = CREATE_VIEW.exec(statement);
  if (m) {
    const [head, ifNotExists = "", view = "", target = ""] = m;
    const query = readLocal(statement.slice(head.length), storageTable);
    return [`CREATE MATERIALIZED VIEW ${ifNotExists}${view} ${onCluster} TO ${storageTable(target)} AS ${query}`];
  }
  m = ALTER_TABLE.exec(statement);
  if (m) {
    const [head, table = ""] = m;
    // A view's MODIFY QUERY reads local tables as its CREATE did.
    const rest = readLocal(statement.slice(head.length), storageTable);
    const local = `ALTER TABLE ${storageTable(table)} ${onCluster} ${rest}`;
    if (storageTable(table) === table || !COLUMN_ALTER.test(rest)) return [local];
    return [local, `ALTER TABLE ${table} ${onCluster} ${rest}`];
  }
  throw new Error(`no cluster form for this statement; teach cluster-ddl.ts: ${statement.slice(0, 80)}`);
}

/** Each shard's statement reads its own rows: every sharded table after FROM or JOIN becomes local. */
function readLocal(text: string, storageTable: (t: string) => string): string {
  return text.replace(
    /\b(FROM|JOIN)\s+(\w+)/gi,
    (_, keyword: string, table: string) => `${keyword} ${storageTable(table)}`,
  );
}
