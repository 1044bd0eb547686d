import type { Tx } from "@/server/db/client";
import { resourceNameFor } from "@/server/deployments/spec";
import { storedSpec } from "@/server/deployments/stored";
import { linkProblems } from "@/providers/policy-rendering";
import type { DeploymentSpec } from "@/providers/types";

type AppName = { id: string; name: string };

/** The specs the apps' live deployments want now, per app (oldest deployment first): what a link to them must fit. */
async function liveSpecs(tx: Tx, appIds: string[]): Promise<Map<string, DeploymentSpec[]>> {
  const deployments = await tx.deployment.findMany({
    where: { appId: { in: appIds }, status: { notIn: ["destroyed", "destroying"] } },
    select: { id: true, appId: true, desiredRevision: true },
    orderBy: { createdAt: "asc" },
  });
  const specs = new Map<string, DeploymentSpec[]>();
  if (!deployments.length) return specs;
  const revisions = await tx.deploymentRevision.findMany({
    where: { OR: deployments.map((d) => ({ deploymentId: d.id, number: d.desiredRevision })) },
    select: { deploymentId: true, number: true, spec: true },
  });
  const byDeployment = new Map(revisions.map((r) => [r.deploymentId, storedSpec(r.spec, r)]));
  for (const d of deployments) {
    const spec = byDeployment.get(d.id);
    if (spec) specs.set(d.appId, [...(specs.get(d.appId) ?? []), spec]);
  }
  return specs;
}

/** The port each app listens on where it is deployed (its oldest live deployment's); apps deployed nowhere are absent. */
export async function listeningPorts(tx: Tx, appIds: string[]): Promise<Map<string, number>> {
  const specs = await liveSpecs(tx, appIds);
  return new Map([...specs].map(([appId, list]) => [appId, list[0].port]));
}

/**
 * Problems a link to `to` on `port` would cause its live deployments: the providers' own rule (linkProblems), so the
 * request is refused with the words a deploy would use. A callee deployed nowhere yet accepts any port; its first
 * deploy is then checked against its links.
 */
export async function portProblems(tx: Tx, from: AppName, to: AppName, port: number): Promise<string[]> {
  const link = { from: resourceNameFor(from), to: resourceNameFor(to), port };
  const specs = (await liveSpecs(tx, [to.id])).get(to.id) ?? [];
  return [...new Set(specs.flatMap((spec) => linkProblems({ ...spec, policy: { links: [link] } }).map((p) => p.message)))];
}
