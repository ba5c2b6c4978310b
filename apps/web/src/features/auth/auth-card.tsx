// The frame of the pages shown before sign-in (/login, /setup): a small centred box.
import type { ReactNode } from "react";

export function AuthCard(props: { title: string; intro?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <main className="mx-auto mt-16 max-w-sm px-4" data-testid={props.testId}>
      <p className="mb-4 text-center text-lg font-semibold tracking-tight text-sky-700 dark:text-sky-400">Tracelight</p>
      <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-700 dark:bg-slate-900">
        <h1 className="text-base font-semibold">{props.title}</h1>
        {props.intro && <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{props.intro}</p>}
        <div className="mt-4">{props.children}</div>
      </section>
    </main>
  );
}
