// The memory of the emulator's Secret Manager: global secrets (`projects/{project}/secrets/{id}`) with their
// numbered versions, as google.cloud.secretmanager.v1 describes them (resources.proto): a version is ENABLED,
// DISABLED or DESTROYED; "latest" names the most recently created one.
import { randomUUID } from "node:crypto";
import { status } from "@grpc/grpc-js";
import { crc32c } from "./crc32c";
import { RpcError } from "./emulator-errors";

/** A timestamp as proto-loader writes google.protobuf.Timestamp (int64 seconds as a string). */
export interface WireTimestamp {
  seconds: string;
  nanos: number;
}

export type VersionState = "ENABLED" | "DISABLED" | "DESTROYED";

export interface StoredVersion {
  name: string;
  number: number;
  /** Emptied when the version is destroyed. */
  data: Buffer;
  crc32c: number;
  clientSpecifiedPayloadChecksum: boolean;
  state: VersionState;
  createTime: WireTimestamp;
  destroyTime?: WireTimestamp;
  etag: string;
}

export interface StoredSecret {
  name: string;
  project: string;
  createdAt: number;
  createTime: WireTimestamp;
  labels: Record<string, string>;
  replication: object;
  annotations?: Record<string, string>;
  etag: string;
  versions: StoredVersion[];
}

export const timestamp = (ms = Date.now()): WireTimestamp => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
const newEtag = () => `"${randomUUID().replace(/-/g, "").slice(0, 14)}"`;

export const SECRET_NAME = /^projects\/([^/]+)\/secrets\/([^/]+)$/;
export const VERSION_NAME = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/]+)$/;

export const secretNotFound = (name: string) => new RpcError(status.NOT_FOUND, `Secret [${name}] not found or has no versions.`);
export const versionNotFound = (name: string) => new RpcError(status.NOT_FOUND, `Secret Version [${name}] not found.`);

/** A secret as the state file keeps it: version data in base64. */
export type SavedSecret = Omit<StoredSecret, "versions"> & { versions: (Omit<StoredVersion, "data"> & { data: string })[] };

export class SecretManagerStore {
  private readonly secrets = new Map<string, StoredSecret>();

  /** `changed` is called after every change, so the emulator can keep its state on disk. */
  constructor(private readonly changed: () => void = () => undefined) {}

  snapshot(): SavedSecret[] {
    return [...this.secrets.values()].map((secret) => ({ ...secret, versions: secret.versions.map((v) => ({ ...v, data: v.data.toString("base64") })) }));
  }

  restore(saved: SavedSecret[]): void {
    for (const secret of saved) this.secrets.set(secret.name, { ...secret, versions: secret.versions.map((v) => ({ ...v, data: Buffer.from(v.data, "base64") })) });
  }

  create(project: string, secretId: string, body: { labels?: Record<string, string> | null; replication?: object | null; annotations?: Record<string, string> | null }): StoredSecret {
    const name = `projects/${project}/secrets/${secretId}`;
    if (this.secrets.has(name)) throw new RpcError(status.ALREADY_EXISTS, `Secret [${name}] already exists.`);
    const now = Date.now();
    const secret: StoredSecret = {
      name,
      project,
      createdAt: now,
      createTime: timestamp(now),
      labels: { ...(body.labels ?? {}) },
      replication: structuredClone(body.replication ?? {}),
      ...(body.annotations ? { annotations: { ...body.annotations } } : {}),
      etag: newEtag(),
      versions: [],
    };
    this.secrets.set(name, secret);
    this.changed();
    return secret;
  }

  get(name: string): StoredSecret {
    const secret = this.secrets.get(name);
    if (!secret) throw secretNotFound(name);
    return secret;
  }

  has(name: string): boolean {
    return this.secrets.has(name);
  }

  /** Secrets of a project, newest first (ListSecretsResponse: "sorted in reverse by create_time"). */
  list(project: string): StoredSecret[] {
    return [...this.secrets.values()].filter((s) => s.project === project).reverse();
  }

  delete(name: string, etag: string | undefined): void {
    const secret = this.get(name);
    // DeleteSecretRequest.etag: "The request succeeds if it matches the etag of the currently stored secret".
    if (etag && etag !== secret.etag) throw new RpcError(status.ABORTED, `The etag ${etag} does not match the etag of Secret [${name}].`);
    this.secrets.delete(name);
    this.changed();
  }

  /** A new version numbered after the last one, ENABLED; the checksum is the caller's (already checked) or computed. */
  addVersion(parent: string, data: Buffer, clientChecksum: boolean): StoredVersion {
    const secret = this.get(parent);
    const number = (secret.versions.at(-1)?.number ?? 0) + 1;
    const version: StoredVersion = {
      name: `${parent}/versions/${number}`,
      number,
      data: Buffer.from(data),
      crc32c: crc32c(data),
      clientSpecifiedPayloadChecksum: clientChecksum,
      state: "ENABLED",
      createTime: timestamp(),
      etag: newEtag(),
    };
    secret.versions.push(version);
    this.changed();
    return version;
  }

  /** A version by name; "latest" is the most recently created version, whatever its state. */
  version(name: string): StoredVersion {
    const match = VERSION_NAME.exec(name);
    const secretName = match ? `projects/${match[1]}/secrets/${match[2]}` : "";
    const secret = this.secrets.get(secretName);
    if (!match || !secret) throw match ? secretNotFound(secretName) : versionNotFound(name);
    const found = match[3] === "latest" ? secret.versions.at(-1) : secret.versions.find((v) => String(v.number) === match[3]);
    if (!found) throw versionNotFound(name);
    return found;
  }

  /** Disable, enable or destroy; a destroyed version stays destroyed and its data is gone. */
  setState(name: string, state: VersionState, etag: string | undefined): StoredVersion {
    const version = this.version(name);
    if (etag && etag !== version.etag) throw new RpcError(status.ABORTED, `The etag ${etag} does not match the etag of Secret Version [${version.name}].`);
    if (version.state === "DESTROYED" && state !== "DESTROYED") throw new RpcError(status.FAILED_PRECONDITION, `Secret Version [${version.name}] is in DESTROYED state.`);
    version.state = state;
    version.etag = newEtag();
    if (state === "DESTROYED") {
      version.data = Buffer.alloc(0);
      version.destroyTime ??= timestamp();
    }
    this.changed();
    return version;
  }

  /** Every value still held (not destroyed), by version name. */
  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const secret of this.secrets.values()) for (const v of secret.versions) if (v.state !== "DESTROYED") out[v.name] = v.data.toString("utf8");
    return out;
  }
}
