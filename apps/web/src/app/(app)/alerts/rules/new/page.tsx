import type { Metadata } from "next";
import { Suspense } from "react";
import { RuleEditorView } from "../../../../../features/alerts/rule-editor.tsx";

export const metadata: Metadata = { title: "New alert rule" };

export default function NewRulePage() {
  return (
    <Suspense>
      <RuleEditorView />
    </Suspense>
  );
}
