import { startAuditWorkers } from "@/server/audit/verification-worker";
import { startDriftWorkers } from "@/server/deployments/drift";
import { startDeploymentWorkers } from "@/server/deployments/worker";
import { startConnectionCheckWorkers } from "@/server/targets/connection-check";
import { lifecycle } from "./lifecycle";

/** Every job worker of this process; readiness reports them running from here until a stop begins. */
export async function startWorkers(): Promise<void> {
  await startDeploymentWorkers();
  await startDriftWorkers();
  await startAuditWorkers();
  await startConnectionCheckWorkers();
  lifecycle().workersRunning = true;
}
