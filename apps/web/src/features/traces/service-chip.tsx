// A service name with its colour, as chips in tables and headers.
export function ServiceChip({ name, color, count }: { name: string; color: string; count?: number }) {
  return (
    <span
      className="inline-flex items-center gap-1 rounded-full border border-slate-200 px-1.5 py-px text-xs whitespace-nowrap text-slate-700 dark:border-slate-700 dark:text-slate-200"
      data-service={name}
    >
      <span className="inline-block size-2 rounded-full" style={{ backgroundColor: color }} />
      {name}
      {count !== undefined && <span className="text-slate-500 dark:text-slate-400">{count}</span>}
    </span>
  );
}
