// Content-addressed pieces of an image as the builder makes them: blobs (layers, configs) and manifests, each with
// the descriptor that points at it (OCI image spec, descriptor.md).
import { createHash } from "node:crypto";

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  "os.version"?: string;
}

export interface BuiltManifest extends Blob {
  /** The blobs it references (config and layers), for pushing and writing a layout. */
  blobs: Blob[];
  /** The manifests it references (an index's images). */
  children: BuiltManifest[];
  platform?: Platform;
  artifactType?: string;
}

export const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

export function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes };
}

/** A JSON document as the bytes that get hashed: built from literals in a fixed key order, so the same input gives the same digest. */
export const jsonBlob = (mediaType: string, value: object): Blob => blob(mediaType, Buffer.from(JSON.stringify(value)));

export function descriptor(piece: Blob & { platform?: Platform; artifactType?: string }, annotations?: Record<string, string>) {
  return {
    mediaType: piece.mediaType,
    digest: piece.digest,
    size: piece.size,
    ...(piece.artifactType && { artifactType: piece.artifactType }),
    ...(piece.platform && { platform: piece.platform }),
    ...(annotations && { annotations }),
  };
}
