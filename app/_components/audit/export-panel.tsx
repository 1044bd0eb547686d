"use client";

import { Download } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

/** Saves a blob under `name`, as a download the person keeps. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Exports what the current filters select: the file streams from the server with a running count of
 * bytes, then its signed manifest follows, then each event's inclusion proof once a witnessed checkpoint covers
 * the export; `npm run audit:verify-export -- <file> <manifest> --proofs <proofs>` checks them.
 */
export function ExportPanel({ query }: { query: string }) {
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The export whose proofs are not available yet (no witnessed checkpoint covers it). */
  const [proofsPending, setProofsPending] = useState<{ exportId: string; message: string } | null>(null);

  const proofs = async (exportId: string) => {
    const response = await fetch(`/api/audit/export?part=proofs&exportId=${exportId}`);
    if (response.status === 409) {
      setProofsPending({ exportId, message: ((await response.json()) as { error: string }).error });
      return;
    }
    if (!response.ok) throw new Error("The export's proofs could not be fetched");
    setProofsPending(null);
    save(await response.blob(), `audit-export-${exportId}.proofs.ndjson`);
  };

  const run = async (format: "csv" | "ndjson") => {
    setError(null);
    setProgress("Starting export…");
    try {
      const response = await fetch(`/api/audit/export?format=${format}${query ? `&${query}` : ""}`);
      if (!response.ok || !response.body) throw new Error(((await response.json().catch(() => null)) as { error?: string } | null)?.error ?? `Export failed (${response.status})`);
      const exportId = response.headers.get("x-audit-export-id")!;
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        setProgress(`Exporting… ${(bytes / 1_048_576).toFixed(1)} MB`);
      }
      save(new Blob(parts), `audit-export-${exportId}.${format}`);
      const manifest = await fetch(`/api/audit/export?part=manifest&exportId=${exportId}`);
      if (!manifest.ok) throw new Error("The export finished but its manifest could not be fetched");
      save(await manifest.blob(), `audit-export-${exportId}.manifest.json`);
      setProgress(`Exported ${(bytes / 1_048_576).toFixed(1)} MB with its signed manifest`);
      await proofs(exportId);
    } catch (e) {
      setProgress(null);
      setError(e instanceof Error ? e.message : "Export failed");
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Button variant="secondary" size="sm" onClick={() => run("csv")}>
        <Icon icon={Download} className="h-4 w-4" aria-hidden /> Export CSV
      </Button>
      <Button variant="secondary" size="sm" onClick={() => run("ndjson")}>
        <Icon icon={Download} className="h-4 w-4" aria-hidden /> Export NDJSON
      </Button>
      {progress ? <span role="status" aria-label="Export progress">{progress}</span> : null}
      {proofsPending ? (
        <span className="flex items-center gap-2 text-slate-600">
          {proofsPending.message}
          <Button variant="secondary" size="sm" onClick={() => proofs(proofsPending.exportId).catch((e: Error) => setError(e.message))}>
            Download proofs
          </Button>
        </span>
      ) : null}
      {error ? <span role="alert" className="text-red-700">{error}</span> : null}
    </div>
  );
}
