// Running a refused deploy again under its approved break-glass override, inside the approval's transaction: the
// same app, target, reason and settings as the refused attempt, through the deploy commands' own addRevision, with
// the refusal's reasons waived and the override kept in the revision. Anything the override does not waive (a new
// reason since, a provider's rule) still refuses it, and then the approval rolls back with it. The image is judged as
// its registry resolved it at approval (resolvedImage), like any deploy's.
import type { BreakGlassOverride } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";
import { addRevision } from "@/server/deployments/commands";
import { resourceNameFor } from "@/server/deployments/spec";
import type { ResolvedImageRecord } from "@/server/deployments/resolved-image";
import { NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { storedRequest, storedWaivers } from "./stored";

/** Authorized by the request (a developer of the team) and its approval (an operator or admin, not the requester),
 * so no team check here. Returns the deployment and the revision made. */
export async function deployUnderOverride(tx: Tx, caller: Caller, override: BreakGlassOverride, resolvedImage: ResolvedImageRecord | null): Promise<{ deploymentId: string; revision: number }> {
  const request = storedRequest(override);
  const app = await tx.app.findUnique({ where: { id: request.appId }, select: { id: true, name: true, teamId: true, classification: true, baseImageId: true, team: { select: { slug: true } } } });
  if (!app) throw new NotFoundError("App");
  const target = await tx.target.findUnique({ where: { id: request.targetId }, select: { id: true, name: true, kind: true, coordinates: true, labels: true } });
  if (!target) throw new NotFoundError("Target");
  const existing = await tx.deployment.findUnique({ where: { appId_targetId: { appId: app.id, targetId: target.id } } });
  const deployment =
    existing ?? (await tx.deployment.create({ data: { appId: app.id, teamId: app.teamId, targetId: target.id, resourceName: resourceNameFor(app), status: "queued", desiredRevision: 0 } }));
  const waives = storedWaivers(override);
  const after = await addRevision(tx, caller, deployment, { ...app, teamSlug: app.team.slug }, target, request.settings, request.reason, { target: target.name, override: override.id }, { override: { id: override.id, waives }, resolvedImage });
  return { deploymentId: deployment.id, revision: after.desiredRevision };
}
