// A page whose server rendering failed, most often because the api did not answer when the
// signed-in check asked it (src/server/session.ts). Production hides the server's message.
"use client";

export default function PageError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg p-8" data-testid="page-error">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Tracelight&apos;s web server could not check who is signed in. If the api service is not running, start it and
        try again.
      </p>
      {process.env.NODE_ENV === "development" && <pre className="mt-2 text-xs">{error.message}</pre>}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Try again
      </button>
    </main>
  );
}
