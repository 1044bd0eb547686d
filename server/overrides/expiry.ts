// When a break-glass override expires, a job judges its deployment again by today's catalog and policy, without
// the override: still refused, it is flagged (its timeline says why, the overviews list it as non-compliant, the
// expiry event records the reasons); compliant, the expiry says so. Enqueued at approval to start at the
// expiry; idempotent (a second run finds the override expired already), and one that starts early waits again.
import type { Job } from "pg-boss";
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { decide } from "@/server/deployments/policy-gate";
import { storedSpec } from "@/server/deployments/stored";
import { enqueue, QUEUES, work } from "@/server/jobs/queue";
import { RESOURCE } from "./service";

export interface ExpiryJob {
  overrideId: string;
}

const system = (jobId: string) => ({ actor: null, meta: { requestId: `job-${jobId}`, sourceIp: null, userAgent: "bulkhead-worker" } });

/** Judges the deployment of an expired override; returns the verdict, or null when there was nothing to do. */
export async function expireOverride(overrideId: string, jobId = "expiry"): Promise<string | null> {
  return db().$transaction(async (tx) => {
    const row = await tx.breakGlassOverride.findUnique({ where: { id: overrideId } });
    if (row?.status !== "approved" || !row.expiresAt) return null;
    const waitSeconds = Math.ceil((row.expiresAt.getTime() - Date.now()) / 1000);
    if (waitSeconds > 0) {
      await enqueue(tx, QUEUES.overrideExpiry, { overrideId }, { startAfterSeconds: waitSeconds + 1 });
      return null;
    }
    const deployment = row.deploymentId
      ? await tx.deployment.findUnique({
          where: { id: row.deploymentId },
          select: { id: true, status: true, desiredRevision: true, app: { select: { id: true, teamId: true, classification: true, baseImageId: true } }, target: { select: { id: true, name: true, coordinates: true, labels: true } } },
        })
      : null;
    let verdict = "compliant";
    let reasons: string[] = [];
    if (deployment && ["queued", "deploying", "running"].includes(deployment.status)) {
      const revision = await tx.deploymentRevision.findUnique({ where: { deploymentId_number: { deploymentId: deployment.id, number: deployment.desiredRevision } }, select: { deploymentId: true, number: true, spec: true } });
      const decision = revision ? await decide(tx, deployment.app, deployment.target, storedSpec(revision.spec, revision), { placement: "existing" }) : null;
      reasons = decision ? decision.reasons.map((reason) => reason.message) : ["The app declares no base image"];
      if (reasons.length) {
        verdict = `still refused: ${reasons.join("; ")}`;
        await tx.deploymentEvent.create({ data: { deploymentId: deployment.id, status: deployment.status, message: `Break-glass override expired; still refused by policy: ${reasons.join("; ")}` } });
      }
    } else if (deployment) {
      verdict = `compliant (the deployment is ${deployment.status})`;
    }
    const now = new Date();
    await tx.breakGlassOverride.update({ where: { id: row.id }, data: { status: "expired", expiredAt: now, expiryVerdict: verdict } });
    await recordAudit(tx, system(jobId), {
      action: "break-glass.expire",
      outcome: "ok",
      resourceType: RESOURCE,
      resourceId: row.id,
      teamId: row.teamId,
      reason: verdict,
      after: { deploymentId: row.deploymentId, expiresAt: row.expiresAt.toISOString(), stillRefused: reasons.length > 0, reasons },
    });
    return verdict;
  });
}

/** Starts the expiry worker in this process. */
export async function startOverrideWorkers(): Promise<void> {
  await work<ExpiryJob>(QUEUES.overrideExpiry, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]: Job<ExpiryJob>[]) => {
    await expireOverride(job.data.overrideId, job.id);
  });
}
