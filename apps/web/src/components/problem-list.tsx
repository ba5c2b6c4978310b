// A red list of things that are wrong, said as sentences: alerting's problems on the alert list
// and on the health page.

export function ProblemList({
  problems,
  testId,
  className = "",
}: {
  problems: readonly string[];
  testId: string;
  className?: string;
}) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className={`rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200 ${className}`}
    >
      <ul className="list-disc space-y-0.5 pl-4">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
