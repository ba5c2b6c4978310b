// The alerting story (issue 4), against the real api (evaluating every 2 s, see
// support/start-api.ts), the production web build and real Chromium: a channel made in the UI
// gets its test-send; a rule made in the UI with its live preview fires when checkout slows
// down, notifies a webhook with its evidence, and leads from the alert to the metric view
// (same query and window), an exemplar, the trace and its logs; once silenced, nothing more
// is sent. Checkout traffic goes in as OTLP/JSON (support/checkout-latency.ts).
import { startWebhookReceiver } from "@tracelight/testkit";
import { expect, test } from "../fixtures.ts";
import { hoverAt, readExemplars } from "../pages/chart.ts";
import { alertDetail, createWebhookChannel, metricListed } from "../support/alerts-api.ts";
import {
  LATENCY_METRIC,
  LATENCY_SERVICE,
  LiveBreach,
  STEP_MS,
  sendSteps,
  stepsBetween,
} from "../support/checkout-latency.ts";
import { ports, urls } from "../support/env.ts";

const MIN = 60_000;
const RULE = "checkout p99 latency";
const CHANNEL = "oncall";

interface AlertPayload {
  status: string;
  test: boolean;
  alert: { id: string; labels: Record<string, string>; value: number; unit: string };
  links: { alert: string; metric: string | null };
  evidence: { traces: { traceId: string; link: string }[]; logs: { traceId: string; body: string }[] } | null;
}

test("a channel made in the UI receives its test-send", async ({ page, step, channelsPage }) => {
  const receiver = await startWebhookReceiver({ port: ports.webhook });
  try {
    await step("open the channels page", async () => {
      await channelsPage.goto();
      await expect(channelsPage.list).toBeVisible();
      await expect(channelsPage.newChannel).toBeVisible();
    });

    await step("create a webhook channel", async () => {
      await channelsPage.newChannel.click();
      await expect(channelsPage.form).toBeVisible();
      await channelsPage.name.fill("ops");
      await channelsPage.type.selectOption("webhook");
      await channelsPage.url.fill(`${receiver.url}/ops`);
      await channelsPage.save.click();
      await expect(channelsPage.form).toBeHidden();
      await expect(channelsPage.row("ops")).toContainText(`${receiver.url}/ops`);
    });

    await step("send a test: the receiver gets it and the channel shows it sent", async () => {
      const row = channelsPage.row("ops");
      await row.getByTestId("channel-test").click();
      await expect(row.getByTestId("channel-test-status")).toHaveAttribute("data-status", "sent", { timeout: 30_000 });
      await expect(row.getByTestId("channel-test-status")).toHaveText("test: sent");
      const sent = row.getByTestId("channel-log").getByTestId("delivery-row");
      await expect(sent.first()).toHaveAttribute("data-status", "sent");
      await expect(sent.first()).toHaveAttribute("data-test", "true");
      await expect(sent.first()).toContainText("HTTP 200");
      const bodies = receiver.received.filter((r) => r.path === "/ops").map((r) => r.body);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({
        status: "test",
        test: true,
        channel: { name: "ops" },
        links: { alerts: `${urls.web}/alerts` },
      });
      // The page's own URL did not change: the test-send is an action on the list.
      await expect(page).toHaveURL(/\/alerts\/channels$/);
    });
  } finally {
    await receiver.close();
  }
});

test("a rule made in the UI fires on a checkout slowdown, notifies with evidence, leads to the metric, trace and logs, and stays quiet once silenced", async ({
  page,
  step,
  alertsPage,
  ruleEditorPage,
  alertPage,
  metricsPage,
  tracePage,
  logsPage,
}) => {
  // Resolving takes a whole rule window (1 min) without data, and the story waits for it.
  test.setTimeout(300_000);
  const receiver = await startWebhookReceiver({ port: ports.webhook + 1 });
  const breach = new LiveBreach(urls.otlpHttp);
  const second = new LiveBreach(urls.otlpHttp);
  const notes = () =>
    receiver.received.filter((r) => r.path === `/${CHANNEL}`).map((r) => r.body as unknown as AlertPayload);
  try {
    await createWebhookChannel(CHANNEL, `${receiver.url}/${CHANNEL}`);

    await step("an hour of checkout traffic, slow once 50 minutes ago; the new-rule page", async () => {
      // Untraced: the past spell only gives the preview something to find.
      const now = Date.now();
      const spell = { from: now - 50 * MIN, to: now - 45 * MIN };
      await sendSteps(
        urls.otlpHttp,
        stepsBetween(now - 60 * MIN, now - MIN),
        (t) => t >= spell.from && t < spell.to,
        false,
      );
      await expect
        .poll(() => metricListed(LATENCY_METRIC, now - 60 * MIN, Date.now()), { message: `${LATENCY_METRIC} listed` })
        .toBe(true);
      await alertsPage.goto();
      await alertsPage.newRule.click();
      await expect(page).toHaveURL(/\/alerts\/rules\/new$/);
      await expect(ruleEditorPage.form).toBeVisible();
      await expect(page.getByTestId("rule-preview-incomplete")).toBeVisible();
    });

    await step("fill in the rule: p99 of the metric for checkout above 800 ms for 0s, window 1m", async () => {
      await ruleEditorPage.name.fill(RULE);
      await ruleEditorPage.pickMetric(LATENCY_METRIC);
      await expect(ruleEditorPage.metricPicker).toHaveValue(LATENCY_METRIC);
      await ruleEditorPage.aggregation.selectOption("p99");
      await ruleEditorPage.addFilter(`service.name=${LATENCY_SERVICE}`);
      await expect(ruleEditorPage.filterChips).toHaveCount(1);
      await expect(ruleEditorPage.filterChips).toContainText(`service.name=${LATENCY_SERVICE}`);
      await ruleEditorPage.window.fill("1m");
      await ruleEditorPage.op.selectOption(">");
      await ruleEditorPage.threshold.fill("800");
      // The metric is answered in seconds (its semantic-convention unit) though this test sends
      // milliseconds: the threshold states its own unit.
      await expect(ruleEditorPage.thresholdUnit).toHaveValue("s");
      await ruleEditorPage.thresholdUnit.selectOption("ms");
      await ruleEditorPage.forDuration.fill("0s");
      await ruleEditorPage.severity.selectOption("critical");
      await ruleEditorPage.summary.fill("checkout p99 is {{value}} ms (threshold {{threshold}})");
      await ruleEditorPage.channel(CHANNEL).check();
      await expect(ruleEditorPage.channel(CHANNEL)).toBeChecked();
    });

    await step("the live preview: the chart, and it would have fired once", async () => {
      await expect(ruleEditorPage.previewChart).toBeVisible();
      await expect(ruleEditorPage.previewSummary).toHaveAttribute("data-fired", "1");
      await expect(ruleEditorPage.previewSummary).toContainText("Would have fired 1 time in the last 6 h");
      await expect(ruleEditorPage.previewChart.locator("canvas").first()).toBeVisible();
    });

    await step("create the rule: it is listed, ok", async () => {
      await ruleEditorPage.save.click();
      await expect(page).toHaveURL(/\/alerts$/);
      await expect(alertsPage.rows(RULE, "ok")).toHaveCount(1);
    });

    await step("checkout slows down: the alert shows as firing", async () => {
      await breach.start(MIN);
      // The list refreshes every 15 s; the evaluator runs every 2 s.
      await expect(alertsPage.rows(RULE, "firing")).toHaveCount(1, { timeout: 45_000 });
      const row = alertsPage.rows(RULE, "firing");
      await expect(row.getByTestId("alert-severity")).toHaveText("critical");
      await expect(row).toContainText("checkout p99 is");
    });

    const sentIds = () => new Set(breach.requests.map((r) => r.traceId));
    const firing = await step("the webhook got the firing notification, with evidence traces", async () => {
      await expect.poll(() => notes().filter((n) => n.status === "firing").length, { timeout: 30_000 }).toBe(1);
      const note = notes()[0] as AlertPayload;
      expect(note).toMatchObject({ test: false, alert: { labels: { alertname: RULE, severity: "critical" } } });
      // Notifications give the value in the unit the threshold was written in.
      expect(note.alert.unit).toBe("ms");
      expect(note.alert.value).toBeGreaterThan(800);
      expect(note.links.alert).toBe(`${urls.web}/alerts/${note.alert.id}`);
      const traces = note.evidence?.traces ?? [];
      expect(traces.length).toBeGreaterThan(0);
      for (const t of traces) {
        expect(sentIds().has(t.traceId), `evidence trace ${t.traceId} is one checkout sent`).toBe(true);
        expect(t.link).toMatch(new RegExp(`^${urls.web}/traces/${t.traceId}`));
      }
      expect(note.evidence?.logs.length).toBeGreaterThan(0);
      return note;
    });

    await step("open the alert: its evidence traces and log lines", async () => {
      await alertsPage.rows(RULE, "firing").getByTestId("alert-row-link").click();
      await expect(page).toHaveURL(new RegExp(`/alerts/${firing.alert.id}$`));
      await expect(alertPage.detail).toHaveAttribute("data-state", "firing");
      await expect(alertPage.ruleName).toHaveText(RULE);
      await expect(alertPage.evidenceTraces).toHaveCount(firing.evidence?.traces.length ?? -1);
      expect(await alertPage.evidenceTraceIds()).toEqual(firing.evidence?.traces.map((t) => t.traceId));
      await expect(alertPage.evidenceLogs.first()).toContainText("card processor timed out");
      // The firing event's delivery to the webhook, sent.
      const fired = alertPage.eventsTo("firing");
      await expect(fired).toHaveCount(1);
      await expect(alertPage.deliveries(fired)).toHaveAttribute("data-status", "sent");
    });

    await step("open in metric view: the rule's metric, aggregation, filter and window, highlighted", async () => {
      await alertPage.openMetric.click();
      await expect(page).toHaveURL(/\/metrics\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get("metric")).toBe(LATENCY_METRIC);
      expect(url.searchParams.get("agg")).toBe("p99");
      expect(url.searchParams.getAll("filter")).toEqual([`service.name=${LATENCY_SERVICE}`]);
      expect(url.searchParams.get("step")).toBe("1m");
      // The breach starts a window before the first breaching evaluation, and the range holds it.
      const { alert } = await alertDetail(firing.alert.id);
      const [from, to, hlFrom, hlTo] = ["from", "to", "hlFrom", "hlTo"].map((k) => Number(url.searchParams.get(k)));
      expect(hlFrom).toBe((alert.startedAt ?? 0) - MIN);
      expect(from).toBeLessThan(hlFrom as number);
      expect(hlFrom).toBeLessThan(hlTo as number);
      expect(hlTo).toBeLessThan(to as number);
      await expect(metricsPage.metricSelect).toHaveValue(LATENCY_METRIC);
      await expect(metricsPage.aggSelect).toHaveValue("p99");
      await expect(metricsPage.stepSelect).toHaveValue("1m");
      await expect(metricsPage.filterChips).toHaveCount(1);
      await expect(metricsPage.filterChips).toHaveAttribute("data-filter", `service.name=${LATENCY_SERVICE}`);
      await expect(metricsPage.highlight).toBeVisible();
      await expect(metricsPage.chart).toBeVisible();
      // The side controls have their choices (the metric's attribute keys) too.
      await expect(page.getByTestId("metric-groupby-add")).toBeEnabled();
    });

    const traceId = await step("click an exemplar dot of the breach: its trace", async () => {
      // The topmost dot (listed first): no other dot covers it.
      let dots = await readExemplars(metricsPage.chart);
      await expect
        .poll(async () => {
          dots = await readExemplars(metricsPage.chart);
          return dots.length;
        })
        .toBeGreaterThan(0);
      const dot = dots[0];
      if (dot === undefined) throw new Error("unreachable");
      expect(sentIds().has(dot.traceId), `exemplar ${dot.traceId} is one checkout sent`).toBe(true);
      const at = await hoverAt(metricsPage.chart, dot.x, dot.y);
      await page.mouse.click(at.x, at.y);
      await expect(page).toHaveURL(new RegExp(`/traces/${dot.traceId}(\\?|$)`));
      await expect(tracePage.header).toBeVisible();
      await expect(tracePage.spanRows).toHaveCount(1);
      expect(await tracePage.spanRowData()).toEqual([
        expect.objectContaining({ service: LATENCY_SERVICE, name: "POST /checkout", error: true }),
      ]);
      return dot.traceId;
    });

    const request = breach.requests.find((r) => r.traceId === traceId);
    await step("the trace's logs", async () => {
      await expect(tracePage.logRows).toHaveCount(1);
      expect(await tracePage.logTraceIds()).toEqual([traceId]);
      await expect(tracePage.logs).toContainText(request?.log ?? "no such request");
    });

    await step("open in log search: exactly the trace's log line", async () => {
      await tracePage.openInLogSearch.click();
      await expect(page).toHaveURL(new RegExp(`/logs\\?.*traceId=${traceId}`));
      await expect(logsPage.rows).toHaveCount(1);
      expect(await logsPage.rowTraceIds()).toEqual([traceId]);
      await expect(logsPage.results).toContainText(request?.log ?? "no such request");
    });

    await step("silence the alert from its page", async () => {
      await alertPage.goto(firing.alert.id);
      await expect(alertPage.detail).toHaveAttribute("data-state", "firing");
      await alertPage.silence.click();
      await expect(alertPage.silencePanel).toBeVisible();
      // Pre-filled for exactly this alert: its rule's name.
      await expect(page.getByTestId("silence-matcher-label")).toHaveValue("alertname");
      await expect(page.getByTestId("silence-matcher-value")).toHaveValue(RULE);
      await page.getByTestId("silence-comment-input").fill("checkout incident, card processor is being fixed");
      await page.getByTestId("silence-save").click();
      await expect(alertPage.silenceCreated).toBeVisible();
      await expect(alertPage.detail).toHaveAttribute("data-state", "silenced");
    });

    // Deterministic "no further notification": the breach goes on until the silence exists, so
    // every later transition happens under it. Stopping the traffic resolves the alert after a
    // rule window without data; slowing down again fires it again. Both events are logged with
    // a "silenced" delivery, and the receiver gets neither.
    const noted = notes().length;
    expect(noted).toBe(1);

    await step("checkout recovers: resolved, and the notification silenced", async () => {
      await breach.stop();
      const resolved = alertPage.eventsTo("resolved");
      await expect(resolved).toHaveCount(1, { timeout: 120_000 });
      await expect(alertPage.deliveries(resolved)).toHaveAttribute("data-status", "silenced");
      await expect(alertPage.detail).toHaveAttribute("data-state", "resolved");
      expect(notes()).toHaveLength(noted);
    });

    await step("checkout slows down again: firing again, the notification silenced", async () => {
      await second.start(STEP_MS * 2);
      const fired = alertPage.eventsTo("firing");
      await expect(fired).toHaveCount(2, { timeout: 45_000 });
      await expect(alertPage.deliveries(fired.first())).toHaveAttribute("data-status", "silenced");
      await expect(alertPage.detail).toHaveAttribute("data-state", "silenced");
      expect(notes()).toHaveLength(noted);
    });

    await step("the list shows the alert silenced; the webhook got nothing after the silence", async () => {
      await alertsPage.goto();
      await expect(alertsPage.rows(RULE, "silenced")).toHaveCount(1);
      expect(notes().map((n) => n.status)).toEqual(["firing"]);
    });
  } finally {
    await Promise.allSettled([breach.stop(), second.stop()]);
    await receiver.close();
  }
});
