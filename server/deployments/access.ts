import type { Tx } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam, requireTeam } from "@/server/identity/permissions";

/** Loads a deployment the caller may act on; another team's is "not found" to them and audited as denied. */
export async function loadDeployment(tx: Tx, caller: Caller, id: string, action: string, allowed: typeof canReadTeam) {
  const deployment = await tx.deployment.findUnique({
    where: { id },
    include: {
      app: { select: { id: true, name: true, classification: true, baseImageId: true, team: { select: { slug: true } } } },
      target: { select: { id: true, name: true, kind: true, coordinates: true, labels: true } },
    },
  });
  if (!deployment) throw new NotFoundError("Deployment");
  requireTeam(caller.actor, deployment.teamId, allowed, { action, resourceType: "deployment", resourceId: id, reason: "deployment belongs to a team the actor may not act for" }, "Deployment");
  return deployment;
}
