"use client";

// A plain button in the primary button's look: the boundary's chunk is loaded by every page, separately
// from the layouts', so using Button here would send Button and its class helpers twice.
const primaryButton =
  "inline-flex h-9 items-center justify-center gap-2 rounded-md bg-brand-600 px-4 text-sm font-medium text-white transition-colors hover:bg-brand-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="content" tabIndex={-1} className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 text-center focus:outline-none">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-600">Try again; if it persists, give an operator this reference:</p>
      <code className="rounded bg-slate-100 px-2 py-1 text-xs">{error.digest ?? "no reference"}</code>
      <button type="button" className={primaryButton} onClick={reset}>
        Try again
      </button>
    </main>
  );
}
