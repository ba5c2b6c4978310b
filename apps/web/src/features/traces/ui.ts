// Class names shared by the trace pages' controls, light and dark.
export const INPUT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 placeholder:text-slate-400 focus:border-sky-500 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500";
export const BUTTON =
  "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
export const PRIMARY_BUTTON =
  "rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400";
export const LINK = "text-sky-700 hover:underline dark:text-sky-400";
export const LABEL = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400";
export const MUTED = "text-slate-500 dark:text-slate-400";
