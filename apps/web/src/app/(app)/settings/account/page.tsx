import type { Metadata } from "next";
import { AccountView } from "../../../../features/settings/account-view.tsx";

export const metadata: Metadata = { title: "Your account" };

// Any signed-in user: the (app) layout has checked that.
export default function Page() {
  return <AccountView />;
}
