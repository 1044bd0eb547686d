// An OCI image layout directory (OCI image spec v1.1, image-layout.md): `oci-layout`, `index.json` naming each image
// by `org.opencontainers.image.ref.name`, and every blob and manifest under blobs/<alg>/<hex>. skopeo's `oci:<dir>:<tag>`
// transport reads it.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Blob, type BuiltManifest, descriptor } from "./blob";
import { OCI_INDEX } from "./image-index";

function everything(manifest: BuiltManifest, into: Map<string, Blob>): void {
  into.set(manifest.digest, manifest);
  for (const piece of manifest.blobs) into.set(piece.digest, piece);
  for (const child of manifest.children) everything(child, into);
}

/** Writes `images` (tag → manifest or index) as a layout in `directory`. */
export async function writeLayout(directory: string, images: Record<string, BuiltManifest>): Promise<void> {
  const pieces = new Map<string, Blob>();
  for (const manifest of Object.values(images)) everything(manifest, pieces);
  await mkdir(path.join(directory, "blobs", "sha256"), { recursive: true });
  for (const piece of pieces.values()) {
    const [algorithm, hex] = piece.digest.split(":");
    await writeFile(path.join(directory, "blobs", algorithm, hex), piece.bytes);
  }
  await writeFile(path.join(directory, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  const manifests = Object.entries(images).map(([tag, manifest]) => descriptor(manifest, { "org.opencontainers.image.ref.name": tag }));
  await writeFile(path.join(directory, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
}
