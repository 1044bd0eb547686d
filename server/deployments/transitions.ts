import type { Tx } from "@/server/db/client";
import type { DeploymentStatus } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import type { ResourceRef } from "@/providers/types";

/** The worker acts for nobody in particular; its audit events name the job instead. */
export function workerMeta(jobId: string) {
  return { actor: null, meta: { requestId: `job-${jobId}`, sourceIp: null, userAgent: "bulkhead-worker" } };
}

/**
 * One status transition: the deployment row, its timeline event and its audit event commit together.
 * Repeating a transition that already happened (a retried job) writes nothing.
 */
export async function transition(
  tx: Tx,
  jobId: string,
  deploymentId: string,
  change: { status: DeploymentStatus; message: string; revision?: number; resourceRef?: ResourceRef; url?: string | null; runningRevision?: number },
): Promise<void> {
  const before = await tx.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { status: true, statusMessage: true, teamId: true, runningRevision: true } });
  if (before.status === change.status && before.statusMessage === change.message) return;
  const after = await tx.deployment.update({
    where: { id: deploymentId },
    data: {
      status: change.status,
      statusMessage: change.message,
      ...(change.resourceRef ? { resourceRef: { kind: change.resourceRef.kind, id: change.resourceRef.id, name: change.resourceRef.name } } : {}),
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.runningRevision !== undefined ? { runningRevision: change.runningRevision } : {}),
    },
    select: { status: true, statusMessage: true, runningRevision: true, url: true },
  });
  await tx.deploymentEvent.create({ data: { deploymentId, revision: change.revision, status: change.status, message: change.message } });
  await recordAudit(tx, workerMeta(jobId), {
    action: `deployment.${change.status}`,
    outcome: change.status === "failed" ? "failed" : "ok",
    resourceType: "deployment",
    resourceId: deploymentId,
    teamId: before.teamId,
    before: { status: before.status, statusMessage: before.statusMessage, runningRevision: before.runningRevision },
    after,
  });
}
