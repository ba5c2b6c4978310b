import type { Metadata } from "next";
import { SessionsView } from "../../../../features/settings/sessions-view.tsx";

export const metadata: Metadata = { title: "Sessions" };

// Any signed-in user: the (app) layout has checked that.
export default function Page() {
  return <SessionsView />;
}
