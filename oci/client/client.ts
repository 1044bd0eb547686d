// The registry client Bulkhead uses (fetch, no registry SDK): resolve an image reference to what would run, and list
// what refers to it. One session per registry host, so tokens are reused across calls.
import type { Credentials } from "./auth";
import { RegistryError } from "./errors";
import { refusal } from "./http";
import { parseReference } from "./reference";
import { listReferrers, type Referrers } from "./referrers";
import { resolveImage, type ResolvedImage } from "./resolve";
import type { Platform } from "./schemas";
import { RegistrySession, type SessionOptions } from "./session";
import { findSignatures, type SignatureSearch } from "@/oci/signatures/find";

export type { Credentials } from "./auth";
export { RegistryError, type RegistryErrorKind } from "./errors";
export type { ResolvedImage } from "./resolve";
export type { Referrers } from "./referrers";
export type { Platform } from "./schemas";

export interface RegistryClientOptions extends Omit<SessionOptions, "credentials"> {
  /** Credentials by registry host (host:port). */
  credentials?: Record<string, Credentials>;
}

export class RegistryClient {
  private readonly sessions = new Map<string, RegistrySession>();

  constructor(private readonly options: RegistryClientOptions = {}) {}

  session(registry: string): RegistrySession {
    let session = this.sessions.get(registry);
    if (!session) {
      session = new RegistrySession(registry, { ...this.options, credentials: this.options.credentials?.[registry] });
      this.sessions.set(registry, session);
    }
    return session;
  }

  /** Checks the registry speaks the distribution API and the credentials get in (end-1, `GET /v2/`). */
  async ping(registry: string): Promise<void> {
    const response = await this.session(registry).request("/v2/");
    if (!response.ok) throw await refusal(response, `GET /v2/ of ${registry}`);
    await response.body?.cancel();
  }

  /** The image a reference names, for `platform` (default linux/amd64). */
  async resolve(reference: string, platform?: Platform): Promise<ResolvedImage> {
    const parsed = parseReference(reference);
    return resolveImage(this.session(parsed.registry), parsed, platform);
  }

  /** What refers to the manifest a digest-pinned reference names, optionally only of one artifact type. */
  async referrers(reference: string, artifactType?: string): Promise<Referrers> {
    const parsed = parseReference(reference);
    if (!parsed.digest) throw new RegistryError("reference", `Image reference "${reference}": referrers are listed for a digest; pin it with @sha256:…`);
    return listReferrers(this.session(parsed.registry), parsed.repository, parsed.digest, artifactType);
  }

  /** The signatures attached to the manifest a digest-pinned reference names (../signatures/find.ts), not yet verified. */
  async signatures(reference: string): Promise<SignatureSearch> {
    const parsed = parseReference(reference);
    if (!parsed.digest) throw new RegistryError("reference", `Image reference "${reference}": signatures are found for a digest; pin it with @sha256:…`);
    return findSignatures(this.session(parsed.registry), parsed.repository, parsed.digest);
  }
}
