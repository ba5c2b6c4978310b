// Dashboards and saved views through the real api, with its metadata on a SQLite file and on a
// real PostgreSQL server: CRUD per role, the version check, validation naming the field, export
// and import, duplicate, the built-ins, and saved views by kind.
import { rm } from "node:fs/promises";
import type {
  ApiError,
  AuditEntry,
  DashboardDocument,
  DashboardsResponse,
  DashboardView,
  SavedView,
  SavedViewsResponse,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, callApi, createUser, signIn } from "./accounts/roles-callers.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";
import { freshDataDir, startTestService, type TestService } from "./helpers/service.ts";

const BUILTIN_NAMES = ["Hosts and processes", "Service overview (RED)", "Tracelight health"];

const dashboard = (name: string) => ({
  name,
  description: "checkout at a glance",
  variables: [{ name: "service", kind: "service", multi: false, default: "checkout" }],
  panels: [
    {
      id: "p99",
      title: "p99",
      kind: "timeseries",
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [{ metric: "http.server.request.duration", agg: "p99", filter: ["service.name=$service"] }],
    },
    {
      id: "logs",
      title: "Errors",
      kind: "logs",
      grid: { x: 12, y: 0, w: 12, h: 8 },
      queries: [{ service: "$service", severity: "ERROR" }],
    },
    {
      id: "note",
      title: "Read me",
      kind: "markdown",
      grid: { x: 0, y: 8, w: 24, h: 2 },
      options: { text: "# On call" },
    },
  ],
  timeRange: { from: "now-6h", to: "now" },
  refresh: "30s",
});

let dataDir: string;
beforeAll(async () => {
  dataDir = await freshDataDir();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

onSqliteAndPostgres(
  { subject: "dashboards and saved views", postgresPort: 4281, postgresDatabase: "tracelight_dashboards" },
  (name, url) =>
    describe(`dashboards and saved views, metadata on ${name}`, () => {
      let t: TestService;
      let viewer: Record<string, string>;
      let editor: Record<string, string>;
      let admin: Record<string, string>;

      async function call<T>(who: Record<string, string>, method: string, path: string, body?: unknown) {
        const response = await callApi(t, who, method, path, body);
        const text = await response.text();
        return {
          status: response.status,
          headers: response.headers,
          body: (text === "" ? undefined : JSON.parse(text)) as T,
        };
      }

      beforeAll(async () => {
        t = await startTestService({ DATABASE_URL: await url() }, { roles: "query", anonymous: true, dataDir });
        const v = await createUser(t, "viewer");
        const e = await createUser(t, "editor");
        viewer = await signIn(t, v.email, v.password);
        editor = await signIn(t, e.email, e.password);
        admin = bearer(t.admin.token);
      });
      afterAll(async () => {
        await t?.close({ keepData: true });
      });

      it("the built-ins exist once each, open as documents, and refuse deletion", async () => {
        const list = await call<DashboardsResponse>(viewer, "GET", "/api/v1/dashboards");
        const builtins = list.body.dashboards.filter((d) => d.builtin);
        expect(builtins.map((d) => d.name).sort()).toEqual(BUILTIN_NAMES);
        for (const summary of builtins) {
          const one = await call<DashboardView>(viewer, "GET", `/api/v1/dashboards/${summary.id}`);
          expect(one.body.panels.length).toBe(summary.panelCount);
          expect(summary.panelCount).toBeGreaterThan(3);
        }
        const refused = await call<ApiError>(editor, "DELETE", `/api/v1/dashboards/${builtins[0]?.id}`);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toContain("built in");
      });

      it("viewers read, editors create, replace and delete anyone's; each change is audited", async () => {
        const denied = await call<ApiError>(viewer, "POST", "/api/v1/dashboards", dashboard("Checkout"));
        expect(denied.status).toBe(403);
        const created = await call<DashboardView>(admin, "POST", "/api/v1/dashboards", dashboard("Checkout"));
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          ...dashboard("Checkout"),
          version: 1,
          builtin: false,
          createdBy: t.admin.email,
        });
        const read = await call<DashboardView>(viewer, "GET", `/api/v1/dashboards/${created.body.id}`);
        expect(read.body).toEqual(created.body);
        const taken = await call<ApiError>(editor, "POST", "/api/v1/dashboards", dashboard("Checkout"));
        expect(taken.status).toBe(409);

        const changed = { ...dashboard("Checkout v2"), version: 1 };
        const put = await call<DashboardView>(editor, "PUT", `/api/v1/dashboards/${created.body.id}`, changed);
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ name: "Checkout v2", version: 2 });
        const stale = await call<ApiError>(editor, "PUT", `/api/v1/dashboards/${created.body.id}`, changed);
        expect(stale.status).toBe(409);
        expect(stale.body.error.message).toContain("version: the dashboard is at version 2, not 1");
        expect((await call(viewer, "DELETE", `/api/v1/dashboards/${created.body.id}`)).status).toBe(403);
        expect((await call(editor, "DELETE", `/api/v1/dashboards/${created.body.id}`)).status).toBe(204);
        expect((await call(viewer, "GET", `/api/v1/dashboards/${created.body.id}`)).status).toBe(404);

        const audit = await call<{ entries: AuditEntry[] }>(admin, "GET", "/api/v1/audit?action=dashboard");
        const mine = audit.body.entries.filter((e) => e.targetId === created.body.id).map((e) => e.action);
        expect(mine.sort()).toEqual(["dashboard.create", "dashboard.delete", "dashboard.update"]);
      });

      it("validation names each field at fault", async () => {
        const bad = dashboard("Broken") as Record<string, unknown>;
        const panels = [...(bad.panels as object[])];
        panels[0] = {
          ...panels[0],
          grid: { x: 20, y: 0, w: 8, h: 8 },
          queries: [{ agg: "p42", filter: ["service.name=$env"] }],
        };
        panels[1] = { ...panels[1], queries: [{ service: "x", bogus: "1" }] };
        const answer = await call<ApiError>(editor, "POST", "/api/v1/dashboards", { ...bad, panels, refresh: "soon" });
        expect(answer.status).toBe(400);
        const problems = answer.body.error.message.split("; ");
        expect(problems).toEqual(
          expect.arrayContaining([
            "panels.0.grid.w: x + w must be at most 24",
            "panels.0.queries.0.metric: is required",
            expect.stringMatching(/^panels\.0\.queries\.0\.agg: /),
            expect.stringMatching(/^panels\.1\.queries\.0\.bogus: is not a parameter/),
            expect.stringMatching(/^refresh: /),
          ]),
        );
        const unknownVariable = { ...dashboard("Vars"), variables: [] };
        const refused = await call<ApiError>(editor, "POST", "/api/v1/dashboards", unknownVariable);
        expect(refused.body.error.message).toContain(
          "panels.0.queries.0.filter: $service is not a variable of the dashboard",
        );
        const tooMany = { ...dashboard("Big"), panels: Array.from({ length: 101 }, () => ({})) };
        const big = await call<ApiError>(editor, "POST", "/api/v1/dashboards", tooMany);
        expect(big.body.error.message).toContain("panels: at most 100 panels");
      });

      it("export then import gives the same document under a new id and a free name; duplicate too", async () => {
        const created = await call<DashboardView>(editor, "POST", "/api/v1/dashboards", dashboard("Payments"));
        const exported = await call<DashboardDocument>(viewer, "GET", `/api/v1/dashboards/${created.body.id}/export`);
        expect(exported.headers.get("content-disposition")).toBe('attachment; filename="Payments.json"');
        const imported = await call<DashboardView>(editor, "POST", "/api/v1/dashboards/import", exported.body);
        expect(imported.status).toBe(201);
        expect(imported.body.id).not.toBe(created.body.id);
        expect(imported.body.name).toBe("Payments (2)");
        const again = await call<DashboardDocument>(viewer, "GET", `/api/v1/dashboards/${imported.body.id}/export`);
        const { id: _a, name: _b, ...rest } = again.body;
        const { id: _c, name: _d, ...restBefore } = exported.body;
        expect(rest).toEqual(restBefore);
        const copy = await call<DashboardView>(editor, "POST", `/api/v1/dashboards/${created.body.id}/duplicate`);
        expect(copy.status).toBe(201);
        expect(copy.body).toMatchObject({ name: "Payments (3)", panels: created.body.panels, version: 1 });
      });

      it("saved views: editors save, the list filters by kind and shows own and shared ones", async () => {
        const logs = {
          name: "Checkout errors",
          kind: "logs",
          state: { service: "checkout", severity: "ERROR", attr: ["a=1", "b=2"] },
        };
        expect((await call(viewer, "POST", "/api/v1/saved-views", logs)).status).toBe(403);
        const saved = await call<SavedView>(editor, "POST", "/api/v1/saved-views", { ...logs, shared: true });
        expect(saved.status).toBe(201);
        expect(saved.body).toMatchObject({ ...logs, shared: true });
        const mine = await call<SavedView>(editor, "POST", "/api/v1/saved-views", {
          name: "Slow",
          kind: "traces",
          state: { minDurationMs: "500" },
        });
        const metricsView = { name: "CPU", kind: "metrics", state: { metric: "system.cpu.utilization" } };
        await call<SavedView>(admin, "POST", "/api/v1/saved-views", metricsView);

        const asViewer = await call<SavedViewsResponse>(viewer, "GET", "/api/v1/saved-views");
        expect(asViewer.body.savedViews.map((v) => v.name)).toEqual(["Checkout errors"]);
        const byKind = await call<SavedViewsResponse>(editor, "GET", "/api/v1/saved-views?kind=traces");
        expect(byKind.body.savedViews.map((v) => v.id)).toEqual([mine.body.id]);
        const one = await call<SavedView>(viewer, "GET", `/api/v1/saved-views/${mine.body.id}`);
        expect(one.body.state).toEqual({ minDurationMs: "500" });
        const badKind = await call<ApiError>(editor, "GET", "/api/v1/saved-views?kind=dashboards");
        expect(badKind.body.error.message).toBe("kind: must be logs, traces or metrics");

        const put = await call<SavedView>(editor, "PUT", `/api/v1/saved-views/${saved.body.id}`, {
          ...logs,
          name: "Checkout errors!",
        });
        expect(put.body).toMatchObject({ name: "Checkout errors!", shared: false });
        expect((await call(editor, "DELETE", `/api/v1/saved-views/${saved.body.id}`)).status).toBe(204);
        expect((await call(viewer, "GET", `/api/v1/saved-views/${saved.body.id}`)).status).toBe(404);
      });
    }),
);
