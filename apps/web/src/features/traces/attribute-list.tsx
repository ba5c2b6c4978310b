// Key/value attributes as a compact two-column list, keys sorted; multi-line values (stack
// traces, SQL) get a full-width preformatted block.
import type { AttributeMap } from "@tracelight/contracts";

export function AttributeList({ attributes, testId }: { attributes: AttributeMap; testId?: string }) {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return <p className="text-xs text-slate-500 dark:text-slate-400">None</p>;
  return (
    <dl className="grid grid-cols-[minmax(8rem,40%)_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid={testId}>
      {keys.map((key) => {
        const value = attributes[key] ?? "";
        const multiline = value.includes("\n");
        return (
          <div key={key} className="contents">
            <dt
              className={`truncate font-mono text-slate-500 dark:text-slate-400 ${multiline ? "col-span-2" : ""}`}
              title={key}
            >
              {key}
            </dt>
            {multiline ? (
              <dd className="col-span-2 mb-1 max-h-64 overflow-auto rounded bg-slate-50 p-1.5 dark:bg-slate-950">
                <pre className="font-mono text-[11px] whitespace-pre text-slate-800 dark:text-slate-200">{value}</pre>
              </dd>
            ) : (
              <dd className="font-mono break-all whitespace-pre-wrap text-slate-800 dark:text-slate-200">{value}</dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}
