// What the HTTPS emulators (Azure's ARM, the Kubernetes API server) share: a certificate for 127.0.0.1 and a request
// body read up to a limit (the OCI registry emulator reads its bodies with it too). Holds no rule of any cloud.
import type { IncomingMessage } from "node:http";
import { generate } from "selfsigned";

export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  // subjectAltName IP:127.0.0.1 is what the TLS client checks; a common name alone is refused.
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The body as bytes, or undefined when it is over `maxBytes` (read to the end all the same, so the answer can be sent). */
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

/** The body as text, or undefined when it is over `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return (await readBytes(req, maxBytes))?.toString("utf8");
}
