import { startAuditWorkers } from "@/server/audit/verification-worker";
import { startLifecycleWorkers } from "@/server/catalog/lifecycle-job";
import { startDriftWorkers } from "@/server/deployments/drift";
import { startDeploymentWorkers } from "@/server/deployments/worker";
import { startOverrideWorkers } from "@/server/overrides/expiry";
import { startConnectionCheckWorkers } from "@/server/targets/connection-check";
import { lifecycle } from "./lifecycle";

/** Every job worker of this process; readiness reports them running from here until a stop begins. Returns what
 * stops the audit checkpointer, which is a timer rather than a job. */
export async function startWorkers(): Promise<() => void> {
  await startDeploymentWorkers();
  await startDriftWorkers();
  await startOverrideWorkers();
  const stopCheckpointer = await startAuditWorkers();
  await startConnectionCheckWorkers();
  await startLifecycleWorkers();
  lifecycle().workersRunning = true;
  return stopCheckpointer;
}
