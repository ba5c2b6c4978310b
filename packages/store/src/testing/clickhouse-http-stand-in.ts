// TEST ONLY. A stand-in for a ClickHouse server (none can run here): enough of ClickHouse's
// HTTP interface for @clickhouse/client, over a real engine (chDB) underneath. It speaks:
// POST/GET with the statement in `query` or the body (the URL's `query` is the statement's head
// and the body its data, as for INSERT ... FORMAT Native), `database`, settings as URL params,
// `param_<name>` bindings, `query_id`, `default_format`; gzip request bodies (Content-Encoding)
// and responses (enable_http_compression=1 + Accept-Encoding); users checked from Basic auth,
// X-ClickHouse-User/Key or `user`/`password` params; errors as ClickHouse sends them (status,
// X-ClickHouse-Exception-Code, "Code: N. DB::Exception: ..." body); X-ClickHouse-Query-Id and
// X-ClickHouse-Summary; and, with cancel_http_readonly_queries_on_client_close=1, a read whose
// client went away is killed in the engine.
import { randomUUID } from "node:crypto";
import { unlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Session } from "chdb";
import { renderBoundQuery } from "../sql-render.ts";

const SPOOL_DIR = process.platform === "linux" ? "/dev/shm" : tmpdir();
/** URL parameters that steer the HTTP layer, not the query. */
const HTTP_PARAMS = new Set([
  "query",
  "database",
  "default_format",
  "query_id",
  "user",
  "password",
  "session_id",
  "session_timeout",
  "enable_http_compression",
  "wait_end_of_query",
  "buffer_size",
  "role",
]);

export interface StandInRequest {
  method: string;
  /** The statement as received, placeholders and all. */
  query: string;
  params: Record<string, string>;
  settings: Record<string, string>;
  queryId: string;
  user: string;
  auth: "basic" | "headers" | "params" | "none";
  requestEncoding: string | undefined;
  responseEncoding: string | undefined;
}

export interface ClickHouseHttpStandIn {
  readonly url: string;
  /** Requests answered or refused, in order, for tests that check what the client sent. */
  readonly log: StandInRequest[];
  close(): Promise<void>;
}

export interface StandInOptions {
  /** User → password. Default: `default` with no password, as a fresh server. */
  users?: Record<string, string>;
}

/** An exception as ClickHouse words it; sendError reads the code back out of it. */
const chError = (code: number, type: string, message: string) =>
  new Error(`Code: ${code}. DB::Exception: ${message}. (${type})`);

export async function startClickHouseHttpStandIn(
  dataDir: string,
  options: StandInOptions = {},
): Promise<ClickHouseHttpStandIn> {
  const users = options.users ?? { default: "" };
  const session = new Session(dataDir, { installSignalHandlers: false });
  const killer = new Session(dataDir, { installSignalHandlers: false });
  const log: StandInRequest[] = [];
  // One statement at a time on the session, so its SET / USE stay per request.
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
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (url.pathname === "/ping") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=UTF-8" }).end("Ok.\n");
      return;
    }
    const requestEncoding = req.headers["content-encoding"];
    let body = await readBody(req);
    if (requestEncoding === "gzip") body = gunzipSync(body);
    else if (requestEncoding) throw chError(1, "UNKNOWN_EXCEPTION", `Unknown Content-Encoding ${requestEncoding}`);
    const queryParam = url.searchParams.get("query");
    const statement = (queryParam ?? body.toString("utf8")).trim();
    const data = queryParam !== null && body.length > 0 ? body : undefined;
    const params: Record<string, string> = {};
    const settings: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      if (key.startsWith("param_")) params[key.slice(6)] = value;
      else if (!HTTP_PARAMS.has(key)) settings[key] = value;
    }
    const compress =
      url.searchParams.get("enable_http_compression") === "1" && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const { password, ...who } = credentials(req, url);
    const entry: StandInRequest = {
      method: req.method ?? "GET",
      query: statement,
      params,
      settings,
      queryId: url.searchParams.get("query_id") ?? randomUUID(),
      ...who,
      requestEncoding,
      responseEncoding: compress ? "gzip" : undefined,
    };
    log.push(entry);
    if (users[entry.user] === undefined || users[entry.user] !== password) {
      throw chError(
        516,
        "AUTHENTICATION_FAILED",
        `${entry.user}: Authentication failed: password is incorrect, or there is no user with such name`,
      );
    }
    if (req.method === "GET" && !/^(SELECT|WITH|SHOW|DESC|DESCRIBE|EXISTS)\b/i.test(statement)) {
      throw chError(
        164,
        "READONLY",
        "Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly",
      );
    }

    let gone = false;
    res.once("close", () => {
      if (res.writableEnded || settings.cancel_http_readonly_queries_on_client_close !== "1") return;
      gone = true;
      killer.queryAsync(`KILL QUERY WHERE Settings['log_comment'] = '${entry.queryId}' ASYNC`).catch(() => {});
    });
    const format = url.searchParams.get("default_format") ?? "TabSeparated";
    const database = url.searchParams.get("database");
    const output = await serial(async () => {
      if (gone) throw chError(394, "QUERY_WAS_CANCELLED", "Query was cancelled");
      if (database && database !== "default") await session.queryAsync(`USE ${identifier(database)}`);
      const names = Object.keys(settings).map(identifier);
      const set = [
        ...names.map((n) => `${n} = ${quote(settings[n] as string)}`),
        `log_comment = ${quote(entry.queryId)}`,
      ];
      try {
        if (data) return await insertFromBody(`SET ${set.join(", ")}`, statement, data);
        const sql = await renderParams(statement, params);
        return await session.queryAsync(`SET ${set.join(", ")}; ${sql}`, { format });
      } catch (err) {
        // chDB hands a failed statement's partial output to the session's next one.
        await session.queryAsync("SELECT 1", { format: "Null" }).catch(() => {});
        throw err;
      } finally {
        const reset = [...names, "log_comment"].map((n) => `SET ${n} = DEFAULT`).join("; ");
        await session.queryAsync(reset).catch(() => {});
        if (database && database !== "default") await session.queryAsync("USE default").catch(() => {});
      }
    });
    const bytes = Buffer.from(output.bytes());
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=UTF-8",
      ...(compress ? { "Content-Encoding": "gzip" } : {}),
      "X-ClickHouse-Query-Id": entry.queryId,
      "X-ClickHouse-Format": format,
      "X-ClickHouse-Summary": JSON.stringify({
        read_rows: String(output.rowsRead ?? 0),
        read_bytes: String(output.bytesRead ?? 0),
        written_rows: "0",
        written_bytes: "0",
        total_rows_to_read: "0",
        result_rows: "0",
        result_bytes: String(bytes.length),
        elapsed_ns: String(Math.round((output.elapsed ?? 0) * 1e9)),
      }),
    });
    res.end(compress ? gzipSync(bytes) : bytes);
  }

  /**
   * Substitutes each `{name:Type}` as a server does: the engine parses the param's text with the
   * type's TSV (escaped) rules, and the value goes back into the statement as
   * `_CAST('<its text>', 'Type')`, so the statement runs without chDB's binder.
   */
  async function renderParams(statement: string, params: Record<string, string>): Promise<string> {
    const types = new Map<string, string>();
    for (const m of statement.matchAll(/\{(\w+):([^}]+)\}/g)) types.set(m[1] as string, (m[2] as string).trim());
    if (types.size === 0) return statement;
    const names = [...types.keys()];
    for (const name of names) {
      if (params[name] === undefined)
        throw chError(456, "UNKNOWN_QUERY_PARAMETER", `Substitution \`${name}\` is not set`);
    }
    const parse = renderBoundQuery({
      text: `SELECT ${names.map((_, i) => `hex(toString(c${i})) AS c${i}`).join(", ")} FROM format(TabSeparated, {structure:String}, {row:String})`,
      params: {
        structure: names.map((n, i) => `c${i} ${types.get(n)}`).join(", "),
        row: `${names.map((n) => params[n]).join("\t")}\n`,
      },
    });
    const [values] = JSON.parse(`[${(await session.queryAsync(parse, { format: "JSONEachRow" })).text()}]`) as [
      Record<string, string | null>,
    ];
    const bound = Object.fromEntries(
      names.map((n, i) => [n, values[`c${i}`] == null ? null : Buffer.from(values[`c${i}`] as string, "hex")]),
    );
    return renderBoundQuery({ text: statement, params: bound });
  }

  /** `INSERT ... FORMAT X` + body: spool the body to tmpfs and INSERT FROM INFILE, as chdb-transport.ts does and for the same reason. */
  async function insertFromBody(set: string, statement: string, data: Buffer) {
    const m = /^(INSERT\s[\s\S]*?)\sFORMAT\s+(\w+)\s*$/i.exec(statement);
    if (!m) throw chError(62, "SYNTAX_ERROR", "insert data without `INSERT ... FORMAT <name>`");
    const file = join(SPOOL_DIR, `clickhouse-http-stand-in-${process.pid}-${randomUUID()}.bin`);
    await writeFile(file, data);
    try {
      return await session.queryAsync(`${set}; ${m[1]} FROM INFILE '${file}' FORMAT ${m[2]}`, { format: "Null" });
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
      killer.close();
    },
  };
}

/** Who is asking, as ClickHouse reads it: Basic auth, or the headers, or the URL (never two of them). */
function credentials(req: IncomingMessage, url: URL): Pick<StandInRequest, "user" | "auth"> & { password: string } {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const header = req.headers["x-clickhouse-user"];
  const param = url.searchParams.get("user");
  if ([basic, header, param].filter((x) => x !== undefined && x !== null).length > 1) {
    throw chError(
      516,
      "AUTHENTICATION_FAILED",
      "Invalid authentication: it is not allowed to use Authorization HTTP header and authentication via parameters simultaneously",
    );
  }
  if (basic) {
    const [user = "", ...rest] = Buffer.from(basic, "base64").toString("utf8").split(":");
    return { user, password: rest.join(":"), auth: "basic" };
  }
  const key = req.headers["x-clickhouse-key"];
  if (typeof header === "string")
    return { user: header, password: typeof key === "string" ? key : "", auth: "headers" };
  if (param !== null) return { user: param, password: url.searchParams.get("password") ?? "", auth: "params" };
  return { user: "default", password: "", auth: "none" };
}

function identifier(name: string): string {
  if (!/^\w+$/.test(name)) throw chError(62, "SYNTAX_ERROR", `bad identifier ${name}`);
  return name;
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** HTTP statuses ClickHouse answers for the codes the stand-in raises; others are 500. */
const STATUS: Record<number, number> = { 516: 401, 164: 403, 62: 400, 456: 400, 60: 404, 81: 404 };

function sendError(res: ServerResponse, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const code = Number(/Code: (\d+)/.exec(message)?.[1] ?? 1001);
  const text = message.includes("DB::Exception")
    ? message
    : `Code: ${code}. DB::Exception: ${message}. (STD_EXCEPTION)`;
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .writeHead(STATUS[code] ?? 500, {
      "Content-Type": "text/plain; charset=UTF-8",
      "X-ClickHouse-Exception-Code": String(code),
    })
    .end(`${text}\n`);
}
