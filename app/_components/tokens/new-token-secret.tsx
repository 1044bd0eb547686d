"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Label } from "@/app/_components/ui/field";

/** The new token's text, shown this once: the server keeps only its SHA-256, so nobody can show it again. */
export function NewTokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section aria-label="Your new token" className="max-w-2xl space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-medium">Token {name} is ready. Copy it now: it is shown only this once.</p>
      <Label htmlFor="new-token" className="sr-only">
        New token
      </Label>
      <input id="new-token" readOnly value={secret} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm" onFocus={(event) => event.target.select()} />
      <p className="text-xs text-slate-600">Give it to the CI job as a secret (e.g. BULKHEAD_TOKEN), or run `bulkhead login --url …` and paste it there.</p>
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" onClick={onDone}>
          I have kept it
        </Button>
      </div>
    </section>
  );
}
