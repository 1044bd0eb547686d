// The IAM policies the emulator keeps on its resources (Cloud Run services, Secret Manager secrets): who may do what.
// Real Cloud Run keeps one policy per resource, replaced whole by SetIamPolicy and gone with the resource. IAM's own
// rules (google/iam/v1/policy.proto, https://cloud.google.com/iam/docs/reference/rest/v1/Policy): a binding may name
// a service account only while it exists — otherwise INVALID_ARGUMENT "Service account … does not exist." — and one
// deleted since reads back as `deleted:serviceAccount:{email}?uid={uniqueId}`; an etag sent with SetIamPolicy must be
// the current one (ABORTED otherwise).
import { randomBytes } from "node:crypto";
import type { protos } from "@google-cloud/run";
import { status } from "@grpc/grpc-js";
import { RpcError, type Violation } from "./emulator-errors";

type Policy = protos.google.iam.v1.IPolicy;

// Members IAM accepts in a binding (the principal identifiers of policy.proto that Bulkhead's resources use).
const MEMBER = /^(allUsers|allAuthenticatedUsers|(serviceAccount|user|group):[^\s@]+@[^\s@]+\.[a-z]+|deleted:(serviceAccount|user|group):[^\s@]+@[^\s@?]+\.[a-z]+\?uid=\d+|domain:[a-z0-9.-]+\.[a-z]+)$/;
const ROLE = /^roles\/[A-Za-z.]+$/;
const SERVICE_ACCOUNT = /^serviceAccount:(.+)$/;

/** Who exists: the unique id of a service account that exists now, by email; undefined when there is none. */
export interface Principals {
  uniqueIdOf(email: string): string | undefined;
}

/** The shape and grammar of a policy; whether its service accounts exist is checked when it is set. */
export function policyViolations(policy: Policy | null | undefined): Violation[] {
  if (!policy) return [{ field: "policy", description: "must be set" }];
  return (policy.bindings ?? []).flatMap((binding, i) => [
    ...(ROLE.test(binding.role ?? "") ? [] : [{ field: `policy.bindings[${i}].role`, description: `Role ${binding.role ?? "(empty)"} is not of the form roles/...` }]),
    ...(binding.members?.length ? [] : [{ field: `policy.bindings[${i}].members`, description: "must name at least one member" }]),
    ...(binding.members ?? []).filter((m) => !MEMBER.test(m)).map((m) => ({ field: `policy.bindings[${i}].members`, description: `Member ${m} is not a valid principal` })),
  ]);
}

/** A binding as stored: its members, and for each service account the unique id it had when it was bound. */
interface StoredBinding {
  role: string;
  members: string[];
  boundIds: Record<string, string>;
}

export interface StoredPolicy {
  version: number;
  bindings: StoredBinding[];
  etag: string;
}

/** TestIamPermissions: the emulator's caller owns every project, so it holds each permission that applies to the resource. */
export function permissionsHeld(permissions: string[] | null | undefined, applies: RegExp): { permissions: string[] } {
  const asked = permissions ?? [];
  const wildcard = asked.find((p) => p.includes("*"));
  // TestIamPermissionsRequest.permissions: "Permissions with wildcards (such as '*' or 'storage.*') are not allowed."
  if (wildcard) throw new RpcError(status.INVALID_ARGUMENT, `Permissions with wildcards are not allowed: ${wildcard}`, [{ type: "BadRequest", fieldViolations: [{ field: "permissions", description: `${wildcard} has a wildcard` }] }]);
  return { permissions: [...new Set(asked.filter((p) => applies.test(p)))] };
}

export class IamPolicies {
  private readonly policies = new Map<string, StoredPolicy>();

  constructor(
    private readonly principals: Principals,
    /** Called after every change, so the emulator can keep its state on disk. */
    private readonly changed: () => void = () => undefined,
  ) {}

  /** Replaces the resource's policy whole. Refuses, changing nothing, a stale etag or an account that does not exist. */
  set(resource: string, policy: Policy): Policy {
    const current = this.policies.get(resource);
    const etag = policy.etag && Buffer.from(policy.etag as Uint8Array).toString("base64");
    if (etag && etag !== (current?.etag ?? EMPTY_ETAG)) throw new RpcError(status.ABORTED, `There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff. The request's ETag '${etag}' did not match the current policy's ETag '${current?.etag ?? EMPTY_ETAG}'.`);
    const bindings = (policy.bindings ?? []).map((b): StoredBinding => {
      const members = [...new Set(b.members)].sort();
      const boundIds: Record<string, string> = {};
      for (const member of members) {
        const email = SERVICE_ACCOUNT.exec(member)?.[1];
        if (!email) continue;
        const id = this.principals.uniqueIdOf(email);
        if (!id) throw new RpcError(status.INVALID_ARGUMENT, `Service account ${email} does not exist.`, [{ type: "BadRequest", fieldViolations: [{ field: "policy.bindings.members", description: `Service account ${email} does not exist.` }] }]);
        boundIds[member] = id;
      }
      return { role: b.role!, members, boundIds };
    });
    const stored = { version: 1, bindings, etag: randomBytes(8).toString("base64") };
    this.policies.set(resource, stored);
    this.changed();
    return this.view(stored);
  }

  /** A resource nobody set a policy on has the empty policy, as on Cloud Run. */
  get(resource: string): Policy {
    const stored = this.policies.get(resource);
    return stored ? this.view(stored) : { version: 1, bindings: [], etag: Buffer.from(EMPTY_ETAG, "base64") };
  }

  forget(resource: string): void {
    if (this.policies.delete(resource)) this.changed();
  }

  snapshot(): Record<string, StoredPolicy> {
    return Object.fromEntries(this.policies);
  }

  restore(saved: Record<string, StoredPolicy>): void {
    for (const [resource, policy] of Object.entries(saved)) this.policies.set(resource, policy);
  }

  /** Members as IAM reads them back: an account deleted (or deleted and made again) since it was bound is `deleted:`. */
  private view(stored: StoredPolicy): Policy {
    const member = (m: string, bound: string | undefined) => {
      const email = SERVICE_ACCOUNT.exec(m)?.[1];
      return email && bound && this.principals.uniqueIdOf(email) !== bound ? `deleted:${m}?uid=${bound}` : m;
    };
    return {
      version: stored.version,
      bindings: stored.bindings.map((b) => ({ role: b.role, members: b.members.map((m) => member(m, b.boundIds[m])).sort() })),
      etag: Buffer.from(stored.etag, "base64"),
    };
  }
}

const EMPTY_ETAG = Buffer.alloc(8).toString("base64");
