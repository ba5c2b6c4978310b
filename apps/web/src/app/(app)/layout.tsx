// Every page behind sign-in: checked on the server before anything renders (signed out goes to
// /login), with the nav and the signed-in user handed to the browser's useMe().
import { type ReactNode, Suspense } from "react";
import { Nav } from "../../components/nav.tsx";
import { MeProvider } from "../../lib/use-me.tsx";
import { requireUser } from "../../server/session.ts";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const me = await requireUser();
  return (
    <MeProvider me={me}>
      <Suspense fallback={<div className="h-12 border-b border-slate-200 dark:border-slate-800" />}>
        <Nav />
      </Suspense>
      <main className="mx-auto max-w-[1600px] p-4">{children}</main>
    </MeProvider>
  );
}
