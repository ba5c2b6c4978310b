// The query API (/api/v1/...): each route parses its input with the contract's zod schema,
// runs one typed read query from @tracelight/store, and returns the contract's response type.
// Live tail (log-tail-route.ts) streams from the ingest pipeline instead of querying.
import type { Accounts } from "@tracelight/auth";
import {
  LogHistogramQuerySchema,
  LogsQuerySchema,
  LogTailQuerySchema,
  MetricAttributesQuerySchema,
  MetricSeriesQuerySchema,
  MetricsQuerySchema,
  RedQuerySchema,
  ServiceMapQuerySchema,
  ServicesOverviewQuerySchema,
  ServicesQuerySchema,
  TraceFiltersSchema,
  TraceParamsSchema,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  listMetrics,
  queryLogHistogram,
  queryMetricAttributes,
  queryMetricSeries,
  queryRed,
  queryServiceMap,
  queryServices,
  queryServicesOverview,
  queryTraceById,
  queryTraceScatter,
  searchLogs,
  searchTraces,
} from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { type AlertRouteDeps, registerAlertRoutes } from "../alerts/routes.ts";
import { registerAuthRoutes } from "../auth/routes.ts";
import { registerDashboardRoutes } from "../dashboards/dashboard-routes.ts";
import { registerSavedViewRoutes } from "../dashboards/saved-view-routes.ts";
import { type LocalIngest, registerStatusRoute } from "../status-route.ts";
import { apiError, describeZodError, HttpError, handleError } from "./errors.ts";
import type { LogTailHub } from "./log-tail-hub.ts";
import { closeLogTailOnShutdown, registerLogTailRoute } from "./log-tail-route.ts";
import { registerSearchSuggestRoutes } from "./search-suggest-routes.ts";

export interface QueryRouteDeps {
  transport: ClickHouseTransport;
  /** Accounts' own routes (sign-in, users, tokens, audit): present in the service. */
  accounts?: Accounts;
  /** Live tail's hub: present when this process also runs the ingest role. */
  logTail?: LogTailHub;
  /** Rules, channels, silences and alerts: present when the metadata database is open. */
  alerts?: AlertRouteDeps;
  /** This process's ingest (its write health and queue, for the status route). */
  ingest?: LocalIngest;
}

export const API_PREFIX = "/api/v1";

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new HttpError(400, "bad_request", describeZodError(result.error, where));
  return result.data;
}

export async function registerQueryRoutes(app: FastifyInstance, deps: QueryRouteDeps): Promise<void> {
  const { transport } = deps;
  closeLogTailOnShutdown(app, deps.logTail);
  await app.register(
    async (api) => {
      api.setErrorHandler(handleError);
      api.setNotFoundHandler((request, reply) => {
        reply.code(404).send(apiError("not_found", `no route ${request.method} ${request.url.split("?")[0]}`));
      });

      api.get("/services", async (request) => {
        return queryServices(transport, parse(ServicesQuerySchema, request.query, "query"));
      });

      api.get("/services/overview", async (request) => {
        return queryServicesOverview(transport, parse(ServicesOverviewQuerySchema, request.query, "query"));
      });

      api.get("/service-map", async (request) => {
        return queryServiceMap(transport, parse(ServiceMapQuerySchema, request.query, "query"));
      });

      api.get("/traces/scatter", async (request) => {
        return queryTraceScatter(transport, parse(TraceFiltersSchema, request.query, "query"));
      });

      api.get("/traces/:traceId", async (request) => {
        const { traceId } = parse(TraceParamsSchema, request.params, "traceId");
        const trace = await queryTraceById(transport, traceId);
        if (trace === null) throw new HttpError(404, "not_found", `trace ${traceId} not found`);
        return trace;
      });

      api.get("/traces", async (request) => {
        return searchTraces(transport, parse(TraceSearchQuerySchema, request.query, "query"));
      });

      api.get("/logs", async (request) => {
        return searchLogs(transport, parse(LogsQuerySchema, request.query, "query"));
      });

      api.get("/logs/histogram", async (request) => {
        return queryLogHistogram(transport, parse(LogHistogramQuerySchema, request.query, "query"));
      });

      registerLogTailRoute(api, deps.logTail, (query) => parse(LogTailQuerySchema, query, "query"));
      registerSearchSuggestRoutes(api, transport, (schema, query) => parse(schema, query, "query"));

      api.get("/metrics", async (request) => {
        const { range, includeSelf } = parse(MetricsQuerySchema, request.query, "query");
        return listMetrics(transport, range, includeSelf);
      });

      api.get("/metrics/series", async (request) => {
        return queryMetricSeries(transport, parse(MetricSeriesQuerySchema, request.query, "query"));
      });

      api.get("/metrics/attributes", async (request) => {
        return queryMetricAttributes(transport, parse(MetricAttributesQuerySchema, request.query, "query"));
      });

      api.get("/red", async (request) => {
        return queryRed(transport, parse(RedQuerySchema, request.query, "query"));
      });

      if (deps.accounts !== undefined) registerAuthRoutes(api, deps.accounts);

      if (deps.alerts !== undefined) {
        registerAlertRoutes(api, deps.alerts);
        const { db, evalIntervalMs } = deps.alerts;
        registerStatusRoute(api, { db, transport, evalIntervalMs, ingest: deps.ingest });
        registerDashboardRoutes(api, db);
        registerSavedViewRoutes(api, db);
      }
    },
    { prefix: API_PREFIX },
  );
}
