import type { Metadata } from "next";
import { Suspense } from "react";
import { RuleEditorView } from "../../../../../features/alerts/rule-editor.tsx";

export const metadata: Metadata = { title: "Alert rule" };

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <RuleEditorView id={id} />
    </Suspense>
  );
}
