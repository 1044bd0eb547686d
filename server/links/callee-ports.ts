import type { Tx } from "@/server/db/client";
import { resourceNameFor } from "@/server/deployments/spec";
import { linkProblems } from "@/providers/policy";
import type { DeploymentSpec } from "@/providers/types";

type AppName = { id: string; name: string };

/** The specs the app's live deployments want now: what a link to it must fit. */
async function liveSpecs(tx: Tx, appId: string): Promise<DeploymentSpec[]> {
  const deployments = await tx.deployment.findMany({ where: { appId, status: { notIn: ["destroyed", "destroying"] } }, select: { id: true, desiredRevision: true } });
  const specs: DeploymentSpec[] = [];
  for (const d of deployments) {
    const revision = await tx.deploymentRevision.findUnique({ where: { deploymentId_number: { deploymentId: d.id, number: d.desiredRevision } }, select: { spec: true } });
    if (revision) specs.push(revision.spec as unknown as DeploymentSpec);
  }
  return specs;
}

/** The port the app listens on where it is deployed (the first live deployment's), or null when it runs nowhere. */
export async function listeningPort(tx: Tx, appId: string): Promise<number | null> {
  return (await liveSpecs(tx, appId))[0]?.port ?? null;
}

/**
 * Problems a link to `to` on `port` would cause its live deployments: the providers' own rule (linkProblems), so the
 * request is refused with the words a deploy would use. A callee deployed nowhere yet accepts any port; its first
 * deploy is then checked against its links.
 */
export async function portProblems(tx: Tx, from: AppName, to: AppName, port: number): Promise<string[]> {
  const link = { from: resourceNameFor(from), to: resourceNameFor(to), port };
  const specs = await liveSpecs(tx, to.id);
  return [...new Set(specs.flatMap((spec) => linkProblems({ ...spec, policy: { links: [link] } }).map((p) => p.message)))];
}
