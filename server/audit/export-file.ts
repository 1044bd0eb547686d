// An export written to a file and its manifest beside it (for scripts and tests; HTTP streams instead).
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import { exportAuditEvents, type AuditExportRequest } from "./export";
import { manifestText, type AuditExportManifest } from "./export-manifest";

export async function exportToFile(request: AuditExportRequest, filePath: string, manifestPath: string): Promise<AuditExportManifest> {
  const out = createWriteStream(filePath);
  const chunks = exportAuditEvents(request);
  try {
    for (let next = await chunks.next(); ; next = await chunks.next()) {
      if (next.done) {
        await writeFile(manifestPath, manifestText(next.value));
        return next.value;
      }
      // Back-pressure: wait for the disk instead of buffering the whole export.
      if (!out.write(next.value)) await once(out, "drain");
    }
  } finally {
    out.end();
    await once(out, "close");
  }
}
