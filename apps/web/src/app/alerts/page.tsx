// Alerts arrive with their own issue (rules, evaluator, notifications); until then the page
// says so rather than showing an empty list that looks like "no alerts firing".
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <div className="mx-auto mt-12 max-w-xl space-y-3 text-center" data-testid="alerts-unavailable">
      <h1 className="text-lg font-semibold">Alerts are not available yet</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Alert rules, notifications and silences are not part of this build. Until they are, watch the{" "}
        <Link className="text-sky-700 underline dark:text-sky-400" href="/services">
          service overview
        </Link>{" "}
        for error rate and latency.
      </p>
    </div>
  );
}
