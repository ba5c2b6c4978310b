// The whole service as one object: opens the store, applies migrations, starts the listeners
// of the configured roles, and closes them in order. main.ts wraps it with signals; tests
// start it in-process on ephemeral ports.
import type { AddressInfo } from "node:net";
import { type Accounts, openAccounts } from "@tracelight/auth";
import { type Database, openDatabase } from "@tracelight/db";
import { SelfTelemetry } from "@tracelight/self-telemetry";
import { type ClickHouseTransport, openTransport, TelemetryWriter } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import { builtinRules, ensureBuiltinRules } from "./alerts/builtin-rules.ts";
import { AlertEvaluator } from "./alerts/evaluator.ts";
import { startAutomaticBackfill } from "./backfill-job.ts";
import type { Config } from "./config.ts";
import { ensureBuiltinDashboards } from "./dashboards/builtin-dashboards.ts";
import { EgressPolicy, type Resolver } from "./egress/egress-policy.ts";
import { storeReadiness } from "./health.ts";
import { IngestKeys } from "./ingest/keys.ts";
import { IngestPipeline } from "./ingest/pipeline.ts";
import type { BlockWriter } from "./ingest/signals.ts";
import { trackWrites, WriteHealth } from "./ingest/write-health.ts";
import { writeProbe } from "./ingest/write-probe.ts";
import { exportLogs, localLog, log } from "./log.ts";
import { prepareMetadata, prepareSchema } from "./migrate-job.ts";
import { DeliveryDispatcher } from "./notify/dispatcher.ts";
import { type RunningGrpcServer, startOtlpGrpcServer } from "./otlp-grpc/server.ts";
import { buildOtlpHttpServer } from "./otlp-http/server.ts";
import { makePrivateDir } from "./private-data-dir.ts";
import { LogTailHub } from "./query/log-tail-hub.ts";
import { traceRequests } from "./self-telemetry/request-spans.ts";
import { SelfMetrics } from "./self-telemetry/self-metrics.ts";
import { timeWrites } from "./self-telemetry/timed-writes.ts";
import { type ServiceEdgesJobOptions, startServiceEdgesJob } from "./service-edges-job.ts";
import { readAlertingStatus } from "./status-route.ts";

export interface RunningService {
  transport: ClickHouseTransport;
  /** The metadata database: rules, alerts, accounts. */
  db: Database;
  /** Users, sessions, tokens, ingest keys and the audit log. */
  accounts: Accounts;
  /** Present when the alerts role runs. */
  evaluator: AlertEvaluator | undefined;
  /** Present when the ingest role runs. */
  pipeline: IngestPipeline | undefined;
  /** Live tail's hub: present when the ingest and query roles run together. */
  logTail: LogTailHub | undefined;
  /** Bound ports of the listeners that run (the real ones when the config asked for 0). */
  ports: { otlpHttp?: number; otlpGrpc?: number; api?: number };
  /** Stops accepting, lets in-flight requests and writes finish, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Replaces the store writer (tests: a slow or failing store). Defaults to TelemetryWriter. */
  writer?: (transport: ClickHouseTransport) => BlockWriter;
  /** Resolves notification hosts for the egress policy (tests: a stub, as there is no DNS). */
  resolveHost?: Resolver;
  /** How long past its end an hour is backfilled (tests: 0, not to wait for the live hour). */
  backfillSettleMs?: number;
  /** The service map's pairing job (default every 30 s; tests: often, with a clock ahead). */
  serviceEdges?: ServiceEdgesJobOptions;
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  return (app.server.address() as AddressInfo).port;
}

export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  if (makePrivateDir(config.dataDir) === "tightened") {
    log.warn("the data directory was readable by other users: it is now owner-only (0700)", {
      dataDir: config.dataDir,
    });
  }
  const transport = openTransport({
    clickhouseUrl: config.clickhouseUrl,
    dataDir: config.dataDir,
    // One chDB session runs one statement at a time: give concurrent group-commit writes their own.
    chdbInsertSessions: config.ingest.writeConcurrency,
  });
  const closers: (() => Promise<void>)[] = [];
  try {
    await prepareSchema(transport, config);
    // The process that migrates also fills derived tables for rows older than their views.
    const backfill =
      config.schema.atStart === "apply"
        ? startAutomaticBackfill(transport, config, options.backfillSettleMs)
        : undefined;
    if (backfill) closers.push(() => backfill.stop());
    // Where spans arrive; pairing is idempotent, so several ingest replicas may each run it.
    const edges = config.roles.has("ingest")
      ? startServiceEdgesJob(transport, options.serviceEdges ?? { everyMs: 30_000 })
      : undefined;
    if (edges) closers.push(() => edges.stop());
    // Listeners start only once the schema is current, so this process has always seen it so.
    const readiness = storeReadiness(transport, () => true);
    // Failing inserts make the OTLP listeners not ready (they could only answer 503), while
    // the query API stays ready: the UI must still show what is wrong.
    const writeHealth = new WriteHealth({ probe: writeProbe(transport) });
    const ingestReadiness = storeReadiness(
      transport,
      () => true,
      () => writeHealth.check(),
    );
    // Rules, channels and alerts: the query API serves them, the alerts role evaluates them.
    // Accounts: the query API checks sessions and tokens, ingest checks the keys made in the UI.
    await prepareMetadata(config);
    const db = await openDatabase(config.databaseUrl);
    closers.push(() => db.close());
    // Without self-metrics they would watch nothing (and "writes failing" would fire on no data).
    if (config.selfMetricsIntervalMs > 0) {
      const intervals = {
        evalIntervalS: config.alerts.evalIntervalMs / 1000,
        selfMetricsIntervalS: config.selfMetricsIntervalMs / 1000,
      };
      await ensureBuiltinRules(db, builtinRules(intervals));
    }
    await ensureBuiltinDashboards(db);
    const accounts = await openAccounts(db, {
      ...config.accounts,
      log: (level, message) => {
        if (level !== "debug") log[level]("accounts", { detail: message });
      },
    });
    if (config.accounts.admin) {
      const made = await accounts.ensureAdmin(config.accounts.admin.email, config.accounts.admin.password);
      log.info(made === "created" ? "admin account created" : "admin account exists", {
        email: config.accounts.admin.email,
      });
    } else if (config.roles.has("query") && (await accounts.setupNeeded())) {
      log.info(
        "no account yet: open the web UI to create the admin (/setup), or set TRACELIGHT_ADMIN_EMAIL and _PASSWORD",
      );
    }
    const ports: RunningService["ports"] = {};
    // Without a URL they go to this process's own OTLP listener: a replica without one sends none.
    const ownHost = ["0.0.0.0", "::"].includes(config.host)
      ? "127.0.0.1"
      : config.host.includes(":")
        ? `[${config.host}]`
        : config.host;
    const ownListener = () => (ports.otlpHttp === undefined ? undefined : `http://${ownHost}:${ports.otlpHttp}`);
    const keys = new IngestKeys(config.ingestKeys, accounts.keys);
    // Its own listener knows this process's key; another replica needs a configured one.
    const selfKey = config.selfMetricsUrl ? config.ingestKeys[0] : keys.ownKey;
    const selfTelemetry = new SelfTelemetry({
      component: "api",
      resource: { "tracelight.role": [...config.roles].sort().join(",") },
      intervalMs: config.selfMetricsUrl || config.roles.has("ingest") ? config.selfMetricsIntervalMs : 0,
      url: config.selfMetricsUrl ? () => config.selfMetricsUrl : ownListener,
      headers: selfKey ? { authorization: `Bearer ${selfKey}` } : {},
      // Said once per change, and only on stderr: exported, the warning would be queued behind the very requests failing.
      onStateChange: (problem) =>
        problem
          ? localLog.warn("self-telemetry: sending failed; retrying, then dropping (counted)", { problem })
          : localLog.info("self-telemetry: sending again"),
    });
    const stopLogExport = exportLogs((record) => selfTelemetry.log(record));
    const selfMetrics = new SelfMetrics(selfTelemetry.meter);
    let pipeline: IngestPipeline | undefined;
    let stopIngest = async () => {};
    let stopApi = async () => {};
    let stopAlerts = async () => {};

    let dispatcher: DeliveryDispatcher | undefined;
    if (config.roles.has("query") || config.roles.has("alerts")) {
      dispatcher = new DeliveryDispatcher({
        prisma: db.prisma,
        publicUrl: config.alerts.publicUrl,
        egress: new EgressPolicy({
          allow: config.alerts.webhookAllow,
          deny: config.alerts.webhookDeny,
          resolve: options.resolveHost,
        }),
      });
    }

    // Live tail hears about stored logs from the ingest pipeline, so it needs both in this process.
    const logTail = config.roles.has("ingest") && config.roles.has("query") ? new LogTailHub() : undefined;

    if (config.roles.has("ingest")) {
      const writer = timeWrites(
        trackWrites(options.writer ? options.writer(transport) : new TelemetryWriter(transport), writeHealth),
        selfMetrics,
      );
      const ingest = new IngestPipeline(writer, config.ingest, {
        logsListener: logTail,
        retentionDays: config.ttlDays,
      });
      pipeline = ingest;
      selfMetrics.observeIngest(() => ({
        queuedRows: ingest.budget.rows,
        queuedBytes: ingest.budget.bytes,
        refused: ingest.refused,
        writesFailing: writeHealth.check() !== "ok",
      }));
      const http = buildOtlpHttpServer({
        pipeline: ingest,
        keys,
        maxBodyBytes: config.maxBodyBytes,
        readiness: ingestReadiness,
        timeouts: config.timeouts,
      });
      closers.push(() => http.close());
      ports.otlpHttp = await listen(http, config.host, config.otlpHttpPort);
      log.info("listening", { listener: "otlp-http", url: `http://${config.host}:${ports.otlpHttp}` });
      const grpcServer: RunningGrpcServer = await startOtlpGrpcServer({
        host: config.host,
        port: config.otlpGrpcPort,
        pipeline: ingest,
        keys,
        maxBodyBytes: config.maxBodyBytes,
        timeouts: config.timeouts,
      });
      closers.push(() => grpcServer.close(0));
      ports.otlpGrpc = grpcServer.port;
      log.info("listening", { listener: "otlp-grpc", address: `${config.host}:${ports.otlpGrpc}` });
      if (config.ingestKeys.length > 0) log.info("ingest keys required", { keys: config.ingestKeys.length });
      stopIngest = async () => {
        // Stop taking requests; in-flight ones finish (they wait for their rows to be stored).
        await Promise.all([http.close(), grpcServer.close()]);
        await ingest.close();
      };
    }

    if (config.roles.has("query")) {
      // Loaded only for this role: an ingest-only replica never loads the query API.
      const { buildApiServer } = await import("./api-server.ts");
      const alerts =
        db && dispatcher ? { db, transport, dispatcher, evalIntervalMs: config.alerts.evalIntervalMs } : undefined;
      const localIngest = pipeline && { pipeline, writeHealth };
      const api = await buildApiServer({
        transport,
        readiness,
        originPolicy: config.originPolicy,
        accounts,
        trustedProxies: config.accounts.trustedProxies,
        logTail,
        alerts,
        timeouts: config.timeouts,
        ingest: localIngest,
      });
      api.addHook("onResponse", async (request, reply) => {
        selfMetrics.recordQuery(request.routeOptions.url ?? "unmatched", reply.elapsedTime / 1000);
      });
      traceRequests(api, selfTelemetry);
      closers.push(() => api.close());
      ports.api = await listen(api, config.host, config.apiPort);
      log.info("listening", { listener: "query-api", url: `http://${config.host}:${ports.api}` });
      stopApi = () => api.close();
    }

    let evaluator: AlertEvaluator | undefined;
    if (config.roles.has("alerts") && db && dispatcher) {
      const metadata = db;
      selfMetrics.observeAlerting(async () => {
        const { evaluator, notifications } = await readAlertingStatus(metadata, config.alerts.evalIntervalMs);
        return { lastCycleMs: evaluator.lastCycleMs, lagS: evaluator.lagS, ...notifications };
      });
      const outbox = dispatcher;
      const running = new AlertEvaluator({
        db,
        transport,
        intervalMs: config.alerts.evalIntervalMs,
        outbox,
        retentionDays: config.alerts.retentionDays,
        auditLog: accounts.audit,
      });
      evaluator = running;
      outbox.start();
      running.start();
      log.info("alert evaluator running", { intervalS: config.alerts.evalIntervalMs / 1000 });
      stopAlerts = async () => {
        await running.stop();
        await outbox.stop();
      };
    }

    let closing: Promise<void> | undefined;
    return {
      transport,
      db,
      accounts,
      evaluator,
      pipeline,
      logTail,
      ports,
      close() {
        closing ??= (async () => {
          const backfillStopped = backfill?.stop();
          const edgesStopped = edges?.stop();
          await stopAlerts();
          // Its last export goes through the OTLP listener, so before ingest stops.
          stopLogExport();
          await selfTelemetry.close();
          await stopIngest();
          writeHealth.stop();
          await stopApi();
          await db.close();
          await backfillStopped;
          await edgesStopped;
          await transport.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    // A listener failed to start: undo what did start, then report.
    await Promise.allSettled(closers.map((close) => close()));
    await transport.close().catch(() => {});
    throw error;
  }
}
