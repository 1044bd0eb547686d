// Image references as docker and the distribution reference grammar write them
// (https://github.com/distribution/reference/blob/main/reference.go): `host[:port]/repository[:tag][@digest]`.
// Bulkhead pins images to a named registry, so a reference without a registry host is refused rather than
// quietly read as Docker Hub.
import { isDigest } from "./digest";
import { RegistryError } from "./errors";

export interface ImageReference {
  /** host or host:port */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const HOST = /^(localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;

const refuse = (text: string, why: string) => new RegistryError("reference", `Image reference "${text}": ${why}`);

export function parseReference(text: string): ImageReference {
  if (text.length === 0 || text.length > 1024) throw refuse(text, "must be 1 to 1024 characters");
  const at = text.indexOf("@");
  const digest = at < 0 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !isDigest(digest)) throw refuse(text, `"${digest}" is not a digest (sha256: and 64 lowercase hex digits, or sha512: and 128)`);
  const named = at < 0 ? text : text.slice(0, at);
  const slash = named.indexOf("/");
  const registry = slash < 0 ? "" : named.slice(0, slash);
  if (slash < 0 || !(registry.includes(".") || registry.includes(":") || registry === "localhost")) {
    throw refuse(text, "names no registry host: write it in full, e.g. registry.example.com/team/app:1.0");
  }
  if (!HOST.test(registry)) throw refuse(text, `"${registry}" is not a host name with an optional port`);
  const rest = named.slice(slash + 1);
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  const tag = colon > lastSlash ? rest.slice(colon + 1) : undefined;
  const repository = tag === undefined ? rest : rest.slice(0, colon);
  if (tag !== undefined && !TAG.test(tag)) throw refuse(text, `the tag "${tag}" is not valid: 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-"`);
  if (repository.length === 0) throw refuse(text, "names no repository after the registry host");
  const bad = repository.split("/").find((component) => !COMPONENT.test(component));
  if (bad !== undefined) throw refuse(text, `the repository path component "${bad}" is not valid: lowercase letters and digits, separated by ".", "_", "__" or dashes`);
  if (registry.length + 1 + repository.length > 255) throw refuse(text, "the registry and repository together are over 255 characters");
  if (tag === undefined && digest === undefined) throw refuse(text, "names neither a tag nor a digest (e.g. :1.0 or @sha256:…)");
  return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** What to ask the registry for: the digest when pinned (a tag beside it is only a label), else the tag. */
export const manifestReference = (reference: ImageReference): string => reference.digest ?? reference.tag ?? "";

export function formatReference(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}${reference.tag ? `:${reference.tag}` : ""}${reference.digest ? `@${reference.digest}` : ""}`;
}
