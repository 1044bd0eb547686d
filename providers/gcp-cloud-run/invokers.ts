// Who may invoke a service (roles/run.invoker), set through the Services IAM methods. IAM refuses a binding naming a
// service account that does not exist, so the callee's policy names the linked callers whose accounts exist now, and a
// caller deployed later adds itself to each callee already running on the target: the route opens whichever app is
// deployed first. Both sides read the policy, change it and write it back with its etag; a concurrent change
// (ABORTED) makes them read again, as IAM advises for read-modify-write.
import type { protos, ServicesClient } from "@google-cloud/run";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { CallOptions } from "google-gax";
import { linksOf } from "../policy-rendering";
import type { DeploymentSpec } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { grpcCode } from "./map-error";
import { serviceName } from "./plan";
import { INVOKER_ROLE, invokerPolicy, linkedCallers, serviceAccountOf } from "./policy-enforcement";
import type { GoogleRest } from "./rest-client";
import { existingAccounts } from "./service-account-store";

type Policy = protos.google.iam.v1.IPolicy;

/** Read-modify-write attempts before a run of concurrent changes is reported. */
const ATTEMPTS = 5;

/** Members that grant nothing: a deleted account (IAM shows it as `deleted:serviceAccount:{email}?uid={id}`). */
const granting = (members: readonly string[] | null | undefined) => (members ?? []).filter((m) => !m.startsWith("deleted:"));

/** The run.invoker members of a policy that grant anything, sorted. */
export const invokersOf = (policy: Policy | null | undefined) => granting((policy?.bindings ?? []).filter((b) => b.role === INVOKER_ROLE).flatMap((b) => b.members ?? [])).sort();

async function readModifyWrite(client: ServicesClient, call: CallOptions, resource: string, change: (current: Policy) => Promise<Policy | null>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const [current] = await client.getIamPolicy({ resource }, call);
    const next = await change(current);
    if (!next) return;
    try {
      await client.setIamPolicy({ resource, policy: { ...next, etag: current.etag } }, call);
      return;
    } catch (error) {
      if (grpcCode(error) !== grpcStatus.ABORTED || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** The accounts of this spec's linked callers that exist on the target now. */
export const existingCallers = (rest: GoogleRest, spec: DeploymentSpec, c: GcpCoordinates) => existingAccounts(rest, linkedCallers(spec), c);

/** The callee side: the service's policy becomes exactly its allowed invokers (replaced whole, as planned). */
export async function setInvokers(client: ServicesClient, call: CallOptions, rest: GoogleRest, spec: DeploymentSpec, c: GcpCoordinates): Promise<void> {
  // The accounts are read after the policy, so a caller that granted itself meanwhile is kept (or the etag moved on).
  await readModifyWrite(client, call, serviceName(c, spec.name), async () => invokerPolicy(spec, c, spec.ingress === "public" ? [] : await existingCallers(rest, spec, c)));
}

/** The caller side: this app's account joins the invokers of each linked callee running on this target (not public ones). */
export async function grantCallees(client: ServicesClient, call: CallOptions, spec: DeploymentSpec, c: GcpCoordinates): Promise<void> {
  const email = serviceAccountOf(spec.name, c);
  const member = `serviceAccount:${email}`;
  for (const callee of [...new Set(linksOf(spec).outbound.map((l) => l.to))]) {
    try {
      await readModifyWrite(client, call, serviceName(c, callee), async (current) => {
        const bindings = current.bindings ?? [];
        const invoker = bindings.find((b) => b.role === INVOKER_ROLE);
        if (invoker?.members?.some((m) => m === member || m === "allUsers")) return null;
        // A grant to an earlier account of the same name (deleted since) is replaced by this one.
        const kept = (invoker?.members ?? []).filter((m) => !m.startsWith(`deleted:${member}?`));
        return { bindings: [...bindings.filter((b) => b !== invoker), { role: INVOKER_ROLE, members: [...kept, member].sort() }] };
      });
    } catch (error) {
      // The callee does not run on this target (yet): its own apply will name this account.
      if (grpcCode(error) !== grpcStatus.NOT_FOUND) throw error;
    }
  }
}
