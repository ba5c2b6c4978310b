// Saved views: a named page state (contracts/saved-views.ts). The list holds the caller's own
// views and everyone's shared ones; any view opens by its id (its URL is shareable as is).
import {
  type SavedView,
  SavedViewInputSchema,
  type SavedViewKind,
  type SavedViewState,
  SavedViewsQuerySchema,
  type SavedViewsResponse,
} from "@tracelight/contracts";
import type { Database, SavedView as SavedViewRow } from "@tracelight/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { notFound, parseAll } from "./parse-body.ts";

const IdParams = z.object({ id: z.string().min(1).max(100) });
const withAuthor = { createdBy: { select: { email: true } } } as const;

function savedView(row: SavedViewRow & { createdBy: { email: string } | null }): SavedView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as SavedViewKind,
    state: JSON.parse(row.state) as SavedViewState,
    shared: row.shared,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function registerSavedViewRoutes(api: FastifyInstance, db: Database): void {
  const { prisma } = db;

  async function load(id: string) {
    const row = await prisma.savedView.findUnique({ where: { id }, include: withAuthor });
    if (row === null) notFound("saved view", id);
    return row;
  }

  api.get("/saved-views", async (request): Promise<SavedViewsResponse> => {
    const { kind } = parseAll(SavedViewsQuerySchema, request.query, "query");
    const userId = request.principal?.userId;
    const rows = await prisma.savedView.findMany({
      where: { ...(kind ? { kind } : {}), OR: [{ shared: true }, ...(userId ? [{ createdById: userId }] : [])] },
      include: withAuthor,
      orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    });
    return { savedViews: rows.map(savedView) };
  });

  api.get("/saved-views/:id", async (request): Promise<SavedView> => {
    const { id } = parseAll(IdParams, request.params, "id");
    return savedView(await load(id));
  });

  api.post("/saved-views", async (request, reply): Promise<SavedView> => {
    const input = parseAll(SavedViewInputSchema, request.body, "body");
    const userId = request.principal?.userId;
    const row = await prisma.savedView.create({
      data: { ...input, state: JSON.stringify(input.state), ...(userId ? { createdById: userId } : {}) },
      include: withAuthor,
    });
    reply.code(201);
    return savedView(row);
  });

  api.put("/saved-views/:id", async (request): Promise<SavedView> => {
    const { id } = parseAll(IdParams, request.params, "id");
    const input = parseAll(SavedViewInputSchema, request.body, "body");
    await load(id);
    const row = await prisma.savedView.update({
      where: { id },
      data: { ...input, state: JSON.stringify(input.state) },
      include: withAuthor,
    });
    return savedView(row);
  });

  api.delete("/saved-views/:id", async (request, reply) => {
    const { id } = parseAll(IdParams, request.params, "id");
    request.auditTargetName = (await load(id)).name;
    await prisma.savedView.deleteMany({ where: { id } });
    reply.code(204);
  });
}
