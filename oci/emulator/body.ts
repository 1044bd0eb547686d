// A request body read into memory up to a limit, as bytes (manifests are hashed as sent, so never decoded first).
import type { IncomingMessage } from "node:http";

/** The body, or undefined when it is over `maxBytes` (read to the end all the same, so the answer can be sent). */
export function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
  });
}
