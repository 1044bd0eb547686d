"use client";

import { Button } from "@/app/_components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-600">Try again; if it persists, give an operator this reference:</p>
      <code className="rounded bg-slate-100 px-2 py-1 text-xs">{error.digest ?? "no reference"}</code>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
