// A page that failed to render, on the server (most often the api not answering the signed-in
// check, src/server/session.ts) or in the browser. Next replaces a server error's message with a
// generic one in production, so showing the message leaks nothing.
"use client";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg p-8" data-testid="page-error">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Something failed while showing this page. If the api service is not running, start it and try again.
      </p>
      <pre className="mt-2 whitespace-pre-wrap text-xs" data-testid="page-error-message">
        {error.message}
        {error.digest ? ` (digest ${error.digest})` : ""}
      </pre>
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
