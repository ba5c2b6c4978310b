// TEST ONLY. A stand-in for a ClickHouse server: speaks enough of ClickHouse's HTTP interface
// for @clickhouse/client (query in the URL or the body, param_<name> bindings, FORMAT /
// default_format, database, binary insert bodies (Native), /ping, X-ClickHouse-* headers,
// ClickHouse-style error bodies with X-ClickHouse-Exception-Code) and runs every statement on
// a real engine (chDB) underneath. There is no ClickHouse server on these machines.
import { randomUUID } from "node:crypto";
import { unlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Session } from "chdb";

const SPOOL_DIR = process.platform === "linux" ? "/dev/shm" : tmpdir();
/** URL parameters that steer the HTTP layer, not the query. */
const TRANSPORT_PARAMS = new Set([
  "query",
  "database",
  "default_format",
  "query_id",
  "session_id",
  "session_timeout",
  "session_check",
  "enable_http_compression",
  "wait_end_of_query",
  "compress",
  "decompress",
  "send_progress_in_http_headers",
  "http_headers_progress_interval_ms",
  "role",
]);

export interface ChdbHttpFront {
  readonly url: string;
  /** Statements the front ran, for tests that check what the client sent. */
  readonly log: { query: string; params: Record<string, string> }[];
  close(): Promise<void>;
}

export async function startChdbHttpFront(dataDir: string): Promise<ChdbHttpFront> {
  const session = new Session(dataDir, { installSignalHandlers: false });
  const log: ChdbHttpFront["log"] = [];
  // One statement at a time, like one chDB session (and so SET ... / reset stays per request).
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => {});
    return run;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://front");
    if (url.pathname === "/ping") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=UTF-8" }).end("Ok.\n");
      return;
    }
    let body = await readBody(req);
    if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    const queryParam = url.searchParams.get("query");
    // Like ClickHouse: the URL's query is the statement's head and the body its tail (insert
    // data); without a URL query the body is the whole statement.
    const statement = (queryParam ?? body.toString("utf8")).trim();
    const data = queryParam !== null && body.length > 0 ? body : undefined;
    const params: Record<string, string> = {};
    const settings: [string, string][] = [];
    for (const [key, value] of url.searchParams) {
      if (key.startsWith("param_")) params[key.slice(6)] = value;
      else if (!TRANSPORT_PARAMS.has(key)) settings.push([key, value]);
    }
    const format = url.searchParams.get("default_format") ?? "TabSeparated";
    const database = url.searchParams.get("database");
    const queryId = url.searchParams.get("query_id") ?? randomUUID();
    log.push({ query: statement, params });

    const output = await serial(async () => {
      if (database && database !== "default") await session.queryAsync(`USE ${identifier(database)}`);
      for (const [name, value] of settings) await session.queryAsync(`SET ${identifier(name)} = ${quote(value)}`);
      try {
        if (data) return await insertFromBody(statement, data);
        return await session.queryBindAsync(statement, rebind(statement, params), { format });
      } finally {
        for (const [name] of settings) await session.queryAsync(`SET ${identifier(name)} = DEFAULT`).catch(() => {});
        if (database && database !== "default") await session.queryAsync("USE default").catch(() => {});
      }
    });
    const bytes = output ? Buffer.from(output.bytes()) : Buffer.alloc(0);
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=UTF-8",
      "Keep-Alive": "timeout=10",
      "X-ClickHouse-Query-Id": queryId,
      "X-ClickHouse-Format": format,
      "X-ClickHouse-Timezone": "UTC",
      "X-ClickHouse-Server-Display-Name": "chdb-http-front",
      "X-ClickHouse-Summary": JSON.stringify({
        read_rows: String(output?.rowsRead ?? 0),
        read_bytes: String(output?.bytesRead ?? 0),
        written_rows: "0",
        written_bytes: "0",
        total_rows_to_read: "0",
        result_rows: "0",
        result_bytes: String(bytes.length),
        elapsed_ns: String(Math.round((output?.elapsed ?? 0) * 1e9)),
      }),
    });
    res.end(bytes);
  }

  /** `INSERT ... FORMAT X` + body: spool the body to tmpfs and INSERT FROM INFILE, as chdb-transport.ts does and for the same reason. */
  async function insertFromBody(statement: string, data: Buffer) {
    const m = /^(INSERT\s[\s\S]*?)\sFORMAT\s+(\w+)\s*$/i.exec(statement);
    if (!m)
      throw new Error("Code: 62. DB::Exception: front: insert data without `INSERT ... FORMAT <name>`. (SYNTAX_ERROR)");
    const file = join(SPOOL_DIR, `chdb-http-front-${process.pid}-${randomUUID()}.bin`);
    await writeFile(file, data);
    try {
      return await session.queryAsync(`${m[1]} FROM INFILE '${file}' FORMAT ${m[2]}`, { format: "Null" });
    } finally {
      await unlink(file).catch(() => {});
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chain;
      session.close();
    },
  };
}

/**
 * HTTP param values arrive in ClickHouse's escaped text form; chDB's binder takes JS strings and
 * escapes them itself (\\ \0 \b \f \n \r \t, not quotes). So unescape once for String-typed
 * params. A compound value (array, map) holding backslash escapes cannot pass through chDB's
 * binder unchanged: the front refuses it rather than bind something else.
 */
function rebind(statement: string, params: Record<string, string>): Record<string, string> {
  const types = new Map<string, string>();
  for (const m of statement.matchAll(/\{(\w+):([^}]+)\}/g)) types.set(m[1] as string, (m[2] as string).trim());
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!value.includes("\\")) out[name] = value;
    else if (/^(LowCardinality\()?(Nullable\()?(String|FixedString\(\d+\))\)*$/.test(types.get(name) ?? "")) {
      out[name] = value.replace(/\\(.)/gs, (_m, c: string) => UNESCAPE[c] ?? c);
    } else {
      throw new Error(
        `Code: 456. DB::Exception: front: cannot re-bind compound parameter ${name} holding escapes. (UNKNOWN_QUERY_PARAMETER)`,
      );
    }
  }
  return out;
}
const UNESCAPE: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  b: "\b",
  f: "\f",
  "\\": "\\",
  "'": "'",
};

function identifier(name: string): string {
  if (!/^\w+$/.test(name)) throw new Error(`Code: 62. DB::Exception: front: bad identifier ${name}. (SYNTAX_ERROR)`);
  return name;
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** ClickHouse answers errors with a text body "Code: N. DB::Exception: ..." and this header. */
function sendError(res: ServerResponse, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const code = /Code: (\d+)/.exec(message)?.[1] ?? "1001";
  const text = message.includes("DB::Exception")
    ? message
    : `Code: ${code}. DB::Exception: ${message}. (STD_EXCEPTION)`;
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .writeHead(code === "62" ? 400 : code === "60" ? 404 : 500, {
      "Content-Type": "text/plain; charset=UTF-8",
      "X-ClickHouse-Exception-Code": code,
    })
    .end(`${text}\n`);
}
