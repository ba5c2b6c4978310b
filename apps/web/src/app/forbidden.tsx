// What forbidden() renders (HTTP 403): requireUser(minimum) found the signed-in role too low.
// Only the admin pages under /settings ask for more than a signed-in user.
import { roleRequirement } from "@tracelight/contracts";
import { currentUser } from "../server/session.ts";

export default async function Forbidden() {
  const me = await currentUser();
  return (
    <main className="mx-auto max-w-lg p-8" data-testid="forbidden">
      <h1 className="text-lg font-semibold">This page {roleRequirement("admin")}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        {me
          ? `You are signed in as ${me.user.email} with the ${me.user.role} role. An admin can change your role.`
          : "Sign in with an admin account to open it."}
      </p>
      {/* A plain link: a boundary's own client chunks (next/link's) are served without the CSP
          nonce (e2e/specs/web-safety.spec.ts), and a full load of / is all this needs. */}
      <a href="/" className="mt-4 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← Back to the overview
      </a>
    </main>
  );
}
