import { Button } from "@/app/_components/ui/button";

export default function NotFound() {
  return (
    <main id="content" tabIndex={-1} className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 text-center focus:outline-none">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-slate-600">This page does not exist, or you do not have access to it.</p>
      {/* A plain link: next/link would add its client code (3 kB gzip) to every page, for this page's one link. */}
      <Button asChild variant="secondary">
        <a href="/">Back to your home</a>
      </Button>
    </main>
  );
}
