// Under a search box: the API's 400 for a query it cannot read, with a caret under the column
// it names, and a short help on the search language (packages/search-query).
"use client";

import { ApiRequestError } from "../lib/api.ts";

/** The invalid_query answer of a request, if that is why it failed. */
export function searchQueryError(error: unknown): ApiRequestError | undefined {
  return error instanceof ApiRequestError && error.code === "invalid_query" ? error : undefined;
}

export function SearchQueryError({ query, error, testId }: { query: string; error: ApiRequestError; testId: string }) {
  const column = error.position?.column;
  return (
    <div role="alert" className="text-xs text-red-700 dark:text-red-400" data-testid={testId}>
      {column !== undefined && (
        <pre className="overflow-x-auto font-mono" data-testid={`${testId}-caret`}>
          {`${query}\n${" ".repeat(column - 1)}^`}
        </pre>
      )}
      <p>{error.message.replace(/^q: /, "")}</p>
    </div>
  );
}

const HELP: [string, string][] = [
  ["card declined", "every word (logs: in the body; traces: in the span name)"],
  ['"card declined"', "the exact phrase"],
  ["service:checkout", "a field: service, severity, trace_id, span_id, name, status, kind, body, any attribute"],
  ["k8s.pod.name:api-*", "a value starting with api-"],
  ['service:(cart OR "my api")', "any of a field's values"],
  ["severity>=warn  duration>500ms", "comparisons > >= < <= on levels, numbers and durations"],
  ["a OR b, NOT a, -a, (a OR b) c", "OR, NOT, parentheses; terms side by side must all match"],
  ["4bf92f3577b34da6a3ce929d0e0e4736", "a trace ID finds that trace's logs and spans"],
];

export function SearchSyntaxHelp() {
  return (
    <details className="relative text-sm" data-testid="search-syntax-help">
      <summary className="cursor-pointer select-none px-1 py-1 text-slate-500 hover:text-slate-800 dark:hover:text-slate-200">
        Syntax
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-[34rem] rounded border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
        <table className="w-full text-left text-xs">
          <tbody>
            {HELP.map(([example, meaning]) => (
              <tr key={example}>
                <td className="whitespace-nowrap py-0.5 pr-3 font-mono">{example}</td>
                <td className="py-0.5 text-slate-600 dark:text-slate-400">{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
