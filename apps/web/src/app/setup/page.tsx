import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupView } from "../../features/auth/setup-view.tsx";
import { authProviders } from "../../server/session.ts";

export const metadata: Metadata = { title: "First run" };

export default async function SetupPage() {
  // Once any user exists, accounts are made by an admin under Settings.
  if (!(await authProviders()).setupNeeded) redirect("/login");
  return <SetupView />;
}
