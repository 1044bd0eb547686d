// What the registry holds, in memory: content-addressed blobs shared by all repositories (each repository sees only
// the blobs linked to it), manifests by digest, tags, and upload sessions in progress.
import { randomUUID } from "node:crypto";

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  /** The digest of the manifest's `subject`, for the referrers API. */
  subject?: string;
  /** `artifactType`, else the config's media type (distribution-spec v1.1, "Listing Referrers"). */
  artifactType?: string;
  annotations?: Record<string, string>;
}

export class Repository {
  readonly blobs = new Set<string>();
  readonly manifests = new Map<string, StoredManifest>();
  readonly tags = new Map<string, string>();
}

export interface Upload {
  id: string;
  repository: string;
  chunks: Buffer[];
  size: number;
}

export class RegistryStore {
  readonly blobs = new Map<string, Buffer>();
  private readonly repositories = new Map<string, Repository>();
  private readonly uploads = new Map<string, Upload>();

  repository(name: string): Repository | undefined {
    return this.repositories.get(name);
  }

  /** The repository, created on first push (registries create repositories implicitly). */
  ensure(name: string): Repository {
    let repository = this.repositories.get(name);
    if (!repository) this.repositories.set(name, (repository = new Repository()));
    return repository;
  }

  putBlob(repository: string, digest: string, bytes: Buffer): void {
    this.blobs.set(digest, bytes);
    this.ensure(repository).blobs.add(digest);
  }

  startUpload(repository: string): Upload {
    const upload = { id: randomUUID(), repository, chunks: [], size: 0 };
    this.uploads.set(upload.id, upload);
    return upload;
  }

  upload(repository: string, id: string): Upload | undefined {
    const upload = this.uploads.get(id);
    return upload?.repository === repository ? upload : undefined;
  }

  endUpload(id: string): void {
    this.uploads.delete(id);
  }
}
