// Dashboards: list, read, create, replace (optimistic: the version read must still be current),
// delete (not a built-in), duplicate, export as a file and import one. Names are unique: a
// create or rename onto a taken name is a 409; a duplicate or an import takes "<name> (2)".
import {
  type DashboardDocument,
  DashboardInputSchema,
  DashboardReplaceSchema,
  type DashboardsResponse,
  type DashboardView,
} from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { HttpError } from "../query/errors.ts";
import { isUniqueViolation, notFound, parseAll } from "./parse-body.ts";
import { dashboardDocument, dashboardSummary, dashboardView, documentText } from "./stored-dashboard.ts";

const IdParams = z.object({ id: z.string().min(1).max(100) });
const withAuthor = { createdBy: { select: { email: true } } } as const;

/** "name", else "name (2)", "name (3)"… : the first not taken. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/ \(\d+\)$/, "");
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function registerDashboardRoutes(api: FastifyInstance, db: Database): void {
  const { prisma } = db;

  async function load(id: string) {
    const row = await prisma.dashboard.findUnique({ where: { id }, include: withAuthor });
    if (row === null) notFound("dashboard", id);
    return row;
  }

  /** Creates under `name`, or under the first free "<name> (n)" when `rename`; else 409 on a taken name. */
  async function create(name: string, document: string, createdById: string | undefined, rename: boolean) {
    for (let attempt = 0; attempt < 5; attempt++) {
      let candidate = name;
      if (rename) {
        const base = name.replace(/ \(\d+\)$/, "");
        const similar = await prisma.dashboard.findMany({
          where: { name: { startsWith: base } },
          select: { name: true },
        });
        candidate = freeName(name, new Set(similar.map((d) => d.name)));
      }
      try {
        return await prisma.dashboard.create({
          data: { name: candidate, document, ...(createdById ? { createdById } : {}) },
          include: withAuthor,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another request took the name between the look-up and the insert: look again.
        if (!rename) throw new HttpError(409, "conflict", `name: a dashboard named "${name}" exists`);
      }
    }
    throw new HttpError(409, "conflict", `name: no free name like "${name}"`);
  }

  api.get("/dashboards", async (): Promise<DashboardsResponse> => {
    const rows = await prisma.dashboard.findMany({ orderBy: { name: "asc" } });
    return { dashboards: rows.map(dashboardSummary) };
  });

  api.get("/dashboards/:id", async (request): Promise<DashboardView> => {
    const { id } = parseAll(IdParams, request.params, "id");
    return dashboardView(await load(id));
  });

  api.post("/dashboards", async (request, reply): Promise<DashboardView> => {
    const input = parseAll(DashboardInputSchema, request.body, "body");
    const row = await create(input.name, documentText(input), request.principal?.userId, false);
    reply.code(201);
    return dashboardView(row);
  });

  api.put("/dashboards/:id", async (request): Promise<DashboardView> => {
    const { id } = parseAll(IdParams, request.params, "id");
    const input = parseAll(DashboardReplaceSchema, request.body, "body");
    await load(id);
    try {
      // The version in the WHERE makes read-compare-write one statement: of two editors who read
      // the same version, one replaces it and the other finds nothing to update.
      const { count } = await prisma.dashboard.updateMany({
        where: { id, version: input.version },
        data: { name: input.name, document: documentText(input), version: { increment: 1 } },
      });
      if (count === 0) {
        const current = await load(id);
        throw new HttpError(
          409,
          "conflict",
          `version: the dashboard is at version ${current.version}, not ${input.version}: someone changed it since you read it`,
        );
      }
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpError(409, "conflict", `name: a dashboard named "${input.name}" exists`);
      throw error;
    }
    return dashboardView(await load(id));
  });

  api.delete("/dashboards/:id", async (request, reply) => {
    const { id } = parseAll(IdParams, request.params, "id");
    const row = await load(id);
    request.auditTargetName = row.name;
    if (row.builtinKey !== null) {
      throw new HttpError(409, "conflict", `dashboard "${row.name}" is built in: it can be edited, not deleted`);
    }
    await prisma.dashboard.deleteMany({ where: { id } });
    reply.code(204);
  });

  api.post("/dashboards/:id/duplicate", async (request, reply): Promise<DashboardView> => {
    const { id } = parseAll(IdParams, request.params, "id");
    const source = await load(id);
    const row = await create(source.name, source.document, request.principal?.userId, true);
    reply.code(201);
    return dashboardView(row);
  });

  api.get("/dashboards/:id/export", async (request, reply): Promise<DashboardDocument> => {
    const { id } = parseAll(IdParams, request.params, "id");
    const document = dashboardDocument(await load(id));
    const file = `${document.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "dashboard"}.json`;
    reply.header("content-disposition", `attachment; filename="${file}"`);
    return document;
  });

  api.post("/dashboards/import", async (request, reply): Promise<DashboardView> => {
    const input = parseAll(DashboardInputSchema, request.body, "body");
    const row = await create(input.name, documentText(input), request.principal?.userId, true);
    reply.code(201);
    return dashboardView(row);
  });
}
