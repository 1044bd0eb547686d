import type { Job } from "pg-boss";
import { db } from "@/server/db/client";
import { enqueue, queue, QUEUES, RETRY_LIMIT, work } from "@/server/jobs/queue";
import { metrics } from "@/server/observability/metrics";
import { targetConnection } from "@/server/targets/service";
import { ProviderError } from "@/providers/errors";
import { adapterFor } from "@/providers/registry";
import type { ResourceRef } from "@/providers/types";
import { SecretUnavailableError, secretValuesFor, specSecrets } from "@/server/secrets/references";
import { storedResourceRef, storedSpec } from "./stored";
import { transition } from "./transitions";
import { setting } from "@/server/config/env";

// The worker converges the cloud to each deployment's desired revision in small steps (apply, then
// polls), each a job: short jobs keep the lease short, so a crashed worker's step is retried soon.

interface StepData {
  deploymentId: string;
  revision: number;
  /** Epoch ms after which a deployment still not running is failed. */
  deadline?: number;
}

const POLL_SECONDS = 1;
/** Read when a deployment starts, so the configuration of the process starting it applies. */
const readyWithinMs = () => setting("BULKHEAD_READY_TIMEOUT_SECONDS") * 1000;

async function load(deploymentId: string) {
  const deployment = await db().deployment.findUnique({ where: { id: deploymentId }, include: { target: { select: { kind: true } } } });
  if (!deployment) return null;
  return { deployment, adapter: adapterFor(deployment.target.kind), connection: await targetConnection(db(), deployment.targetId) };
}

async function converge(job: Job<StepData>) {
  const { deploymentId, revision } = job.data;
  const loaded = await load(deploymentId);
  if (!loaded) return;
  const { deployment, adapter, connection } = loaded;
  const ref: ResourceRef = storedResourceRef(deployment) ?? { kind: adapter.kind, id: deployment.resourceName, name: deployment.resourceName };

  if (deployment.status === "destroying") {
    await adapter.destroy(ref, connection);
    await db().$transaction((tx) => transition(tx, job.id, deploymentId, { status: "destroyed", message: "Cloud resource removed", url: null }));
    ended(adapter.kind, "destroyed");
    return;
  }
  // A newer revision was asked for meanwhile: its own job takes over.
  if (deployment.status === "destroyed" || revision !== deployment.desiredRevision) return;

  const stored = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId, number: revision } } });
  await db().$transaction((tx) => transition(tx, job.id, deploymentId, { status: "deploying", message: `Applying revision ${revision}`, revision }));
  const spec = storedSpec(stored.spec, stored);
  // Unsealed only here, for the one call that hands them to the cloud's secret store.
  const secrets = await secretValuesFor(db(), deployment.appId, deployment.targetId, specSecrets.parse(spec).secrets ?? []);
  // The revision id makes the call idempotent: a retried job finds the resource it already created.
  const applied = await adapter.apply(spec, connection, stored.id, secrets);
  await db().$transaction(async (tx) => {
    // Enqueued first: the transition's audit append holds the chain's lock until commit.
    await enqueue(tx, QUEUES.poll, { deploymentId, revision, deadline: Date.now() + readyWithinMs() }, { startAfterSeconds: POLL_SECONDS });
    await transition(tx, job.id, deploymentId, { status: "deploying", message: `Revision ${revision} accepted by the cloud; waiting until it runs`, revision, resourceRef: applied });
  });
}

async function poll(job: Job<StepData>) {
  const { deploymentId, revision, deadline = Date.now() } = job.data;
  const loaded = await load(deploymentId);
  if (!loaded) return;
  const { deployment, adapter, connection } = loaded;
  const ref = storedResourceRef(deployment);
  if (deployment.status !== "deploying" || revision !== deployment.desiredRevision || !ref) return;
  const status = await adapter.status(ref, connection);
  const outcome = await db().$transaction(async (tx) => {
    if (status.phase === "running") {
      await transition(tx, job.id, deploymentId, { status: "running", message: `Revision ${revision} is running`, revision, url: status.url ?? null, runningRevision: revision });
      return "running";
    } else if (status.phase === "failed" || status.phase === "absent") {
      await transition(tx, job.id, deploymentId, { status: "failed", message: `Revision ${revision} failed: ${status.message}`, revision });
      return "failed";
    } else if (Date.now() > deadline) {
      await transition(tx, job.id, deploymentId, { status: "failed", message: `Revision ${revision} did not start within ${readyWithinMs() / 60_000} minutes: ${status.message}`, revision });
      return "failed";
    }
    await enqueue(tx, QUEUES.poll, job.data, { startAfterSeconds: POLL_SECONDS });
    return null;
  });
  if (outcome) ended(adapter.kind, outcome);
}

/** A deployment step ended (after its transaction committed): bulkhead_deploy_outcomes_total. */
function ended(provider: string, outcome: "running" | "failed" | "destroyed") {
  metrics().deployOutcomes.inc({ provider, outcome });
}

/**
 * Errors the cloud says will not go away (bad credentials, invalid request) fail the deployment now;
 * others are thrown so pg-boss retries with backoff, until the last try, which fails the deployment.
 */
function handled(step: (job: Job<StepData>) => Promise<void>) {
  return async ([job]: Job<StepData>[]) => {
    try {
      await step(job);
    } catch (error) {
      const lastTry = ((job as Job<StepData> & { retryCount?: number }).retryCount ?? 0) >= RETRY_LIMIT;
      const permanent = (error instanceof ProviderError && !error.retryable) || error instanceof SecretUnavailableError;
      if (!permanent && !lastTry) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      await db().$transaction((tx) => transition(tx, job.id, job.data.deploymentId, { status: "failed", message: `Revision ${job.data.revision} failed: ${reason}`, revision: job.data.revision }));
      const target = await db().deployment.findUnique({ where: { id: job.data.deploymentId }, select: { target: { select: { kind: true } } } });
      ended(target?.target.kind ?? "unknown", "failed");
    }
  };
}

/**
 * Starts `concurrency` workers per queue in this process. An idle worker looks for a job every half
 * second; one that just finished a job asks for the next at once (pg-boss would otherwise wait out the
 * polling interval after every job, capping each worker at two jobs a second).
 */
export async function startDeploymentWorkers(concurrency = 4): Promise<void> {
  const boss = await queue();
  const options = { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 0.5 } as const;
  const start = async (name: typeof QUEUES.converge | typeof QUEUES.poll, step: (job: Job<StepData>) => Promise<void>) => {
    let workerId: string | undefined;
    const run = handled(step);
    workerId = await work<StepData>(name, options, async (jobs) => {
      try {
        await run(jobs);
      } finally {
        if (workerId) boss.notifyWorker(workerId);
      }
    });
  };
  for (let i = 0; i < concurrency; i++) {
    await start(QUEUES.converge, converge);
    await start(QUEUES.poll, poll);
  }
}
