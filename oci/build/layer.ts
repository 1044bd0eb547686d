// A filesystem layer, built offline and byte for byte the same each time (OCI image spec, layer.md): a tar of the
// files with fixed owners, modes and times, in path order, gzip'd with no name or time in the gzip header.
import { buffer } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { type Blob, blob, sha256 } from "./blob";

export const LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

export interface LayerFile {
  /** Relative path inside the image, e.g. "etc/os-release". */
  path: string;
  content: string | Buffer;
  /** Default 0o644. */
  mode?: number;
}

export interface Layer {
  blob: Blob;
  /** The digest of the uncompressed tar: what the config's rootfs.diff_ids lists. */
  diffId: string;
}

function tarOf(files: LayerFile[]): Promise<Buffer> {
  const archive = pack();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    if (file.path.startsWith("/") || file.path.split("/").includes("..")) throw new Error(`Layer file path "${file.path}" must be relative and stay inside the image`);
    archive.entry({ name: file.path, mode: file.mode ?? 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: "root", gname: "root" }, file.content);
  }
  archive.finalize();
  return buffer(archive);
}

export async function buildLayer(files: LayerFile[]): Promise<Layer> {
  const tar = await tarOf(files);
  const gzip = gzipSync(tar, { level: 9 });
  // Byte 9 of the gzip header names the OS that wrote it (RFC 1952 2.3.1); 255, "unknown", keeps the digest the same
  // whichever OS builds the layer.
  gzip[9] = 255;
  return { blob: blob(LAYER_MEDIA_TYPE, gzip), diffId: sha256(tar) };
}
