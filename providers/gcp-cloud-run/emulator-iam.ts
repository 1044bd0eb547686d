// The invoker IAM policy of each emulated service (Services Get/SetIamPolicy): who may call it. Real Cloud
// Run keeps one policy per service, replaced whole by SetIamPolicy and gone with the service.
import { createHash } from "node:crypto";
import type { protos } from "@google-cloud/run";
import type { Violation } from "./emulator-errors";

type Policy = protos.google.iam.v1.IPolicy;

// Members Cloud Run accepts in an invoker binding (IAM's principal identifiers, the kinds Bulkhead uses).
const MEMBER = /^(allUsers|allAuthenticatedUsers|(serviceAccount|user|group):[^\s@]+@[^\s@]+\.[a-z]+|domain:[a-z0-9.-]+\.[a-z]+)$/;
const ROLE = /^roles\/[A-Za-z.]+$/;

export function policyViolations(policy: Policy | null | undefined): Violation[] {
  if (!policy) return [{ field: "policy", description: "must be set" }];
  return (policy.bindings ?? []).flatMap((binding, i) => [
    ...(ROLE.test(binding.role ?? "") ? [] : [{ field: `policy.bindings[${i}].role`, description: `Role ${binding.role ?? "(empty)"} is not of the form roles/...` }]),
    ...(binding.members?.length ? [] : [{ field: `policy.bindings[${i}].members`, description: "must name at least one member" }]),
    ...(binding.members ?? []).filter((m) => !MEMBER.test(m)).map((m) => ({ field: `policy.bindings[${i}].members`, description: `Member ${m} is not a valid principal` })),
  ]);
}

export class IamPolicies {
  private readonly policies = new Map<string, Policy>();

  set(resource: string, policy: Policy): Policy {
    const bindings = (policy.bindings ?? []).map((b) => ({ role: b.role!, members: [...new Set(b.members)].sort() }));
    const etag = createHash("sha256").update(JSON.stringify(bindings)).digest().subarray(0, 8);
    const stored = { version: 1, bindings, etag };
    this.policies.set(resource, stored);
    return stored;
  }

  /** A service nobody set a policy on has the empty policy, as on Cloud Run. */
  get(resource: string): Policy {
    return this.policies.get(resource) ?? { version: 1, bindings: [], etag: Buffer.alloc(8) };
  }

  forget(resource: string): void {
    this.policies.delete(resource);
  }
}
