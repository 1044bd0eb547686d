import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { ConflictError, InvalidInputError, NotFoundError, PolicyViolationError } from "@/server/errors";
import { platformPolicyOf } from "@/server/policy/service";
import type { PlatformPolicy } from "@/server/policy/schemas";
import { endOfLifePassed } from "@/server/catalog/end-of-life";
import { recordAudit } from "@/server/audit/record";
import type { Actor, Caller } from "@/server/identity/actor";
import { canReadTeam, canWriteTeamApps, readableAppIds, readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { revokeLinksOfDeletedApp } from "@/server/links/service";
import type { CreateAppInput, SetAppClassificationInput, UpdateAppInput } from "./schemas";

const appSelect = {
  id: true,
  teamId: true,
  name: true,
  description: true,
  classification: true,
  baseImage: { select: { id: true, name: true, version: true, status: true, endOfLife: true, successor: { select: { id: true, name: true, version: true } } } },
  createdAt: true,
  updatedAt: true,
  team: { select: { slug: true, name: true } },
} satisfies Prisma.AppSelect;

type AppRow = Prisma.AppGetPayload<{ select: typeof appSelect }>;
/** An app as the procedures answer it: the row, and what the caller may do with it (`can`, as the procedures decide). */
export type AppView = AppRow & { can: { edit: boolean; deploy: boolean; delete: boolean; classify: boolean } };

type ClassificationRule = PlatformPolicy["apps"]["classificationChanges"];

/** Who may change an app's classification: its team's developers unless the platform policy keeps that to
 * operators, and operators always (apps.setClassification). */
const mayClassify = (actor: Actor, teamId: string, rule: ClassificationRule) => actor.role === "operator" || (rule === "team" && canWriteTeamApps(actor, teamId));

function viewOf(actor: Actor, app: AppRow, rule: ClassificationRule): AppView {
  const write = canWriteTeamApps(actor, app.teamId);
  return { ...app, can: { edit: write, deploy: write, delete: write, classify: mayClassify(actor, app.teamId, rule) } };
}

const classificationRule = async (tx: Tx) => (await platformPolicyOf(tx)).apps.classificationChanges;

export async function listApps(caller: Caller, filter: { teamId?: string }) {
  const visible = readableTeamIds(caller.actor);
  const teamIds = filter.teamId ? (visible ?? [filter.teamId]).filter((id) => id === filter.teamId) : visible;
  const appIds = readableAppIds(caller.actor);
  const rule = await classificationRule(db());
  const apps = await db().app.findMany({
    where: { ...(teamIds ? { teamId: { in: teamIds } } : {}), ...(appIds ? { id: { in: appIds } } : {}) },
    select: appSelect,
    orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
  });
  return apps.map((app) => viewOf(caller.actor, app, rule));
}

/** Loads an app the caller may act on; a foreign team's app is reported as not found and audited as denied. */
async function loadApp(tx: Tx, caller: Caller, id: string, action: string, allowed: typeof canReadTeam) {
  const app = await tx.app.findUnique({ where: { id }, select: appSelect });
  if (!app) throw new NotFoundError("App");
  requireTeam(caller.actor, app.teamId, allowed, { action, resourceType: "app", resourceId: id, reason: "app belongs to a team the actor may not act for" }, "App");
  return app;
}

export async function getApp(caller: Caller, id: string): Promise<AppView> {
  return viewOf(caller.actor, await loadApp(db(), caller, id, "app.read", canReadTeam), await classificationRule(db()));
}

/** An app may declare an approved or deprecated image; a restricted or revoked one, or one past its end of life
 * (which policy refuses every deploy of), must not spread further. */
async function checkBaseImage(tx: Tx, baseImageId: string) {
  const image = await tx.baseImage.findUnique({ where: { id: baseImageId }, select: { name: true, version: true, status: true, endOfLife: true, successor: { select: { name: true, version: true } } } });
  if (!image) throw new InvalidInputError([{ field: "baseImageId", message: "That base image is not in the catalog" }]);
  const instead = image.successor ? `choose its successor ${image.successor.name} ${image.successor.version}` : "choose another base image";
  if (image.status === "revoked") throw new InvalidInputError([{ field: "baseImageId", message: `${image.name} ${image.version} is revoked; ${instead}` }]);
  if (image.status === "restricted") {
    throw new InvalidInputError([{ field: "baseImageId", message: `${image.name} ${image.version} is restricted: only deployments already on it may redeploy, no new app may be built on it; ${instead}` }]);
  }
  if (endOfLifePassed(image.endOfLife, new Date())) {
    throw new InvalidInputError([{ field: "baseImageId", message: `${image.name} ${image.version} reached its end of life on ${image.endOfLife!.toISOString().slice(0, 10)}; ${instead}` }]);
  }
}

function rethrowDuplicate(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new ConflictError(`An app named "${name}" already exists in this team`, "name");
  }
  throw error;
}

export async function createApp(caller: Caller, input: CreateAppInput): Promise<AppView> {
  requireTeam(caller.actor, input.teamId, canWriteTeamApps, { action: "app.create", resourceType: "app", reason: "actor may not create apps in this team" }, "Team");
  return db()
    .$transaction(async (tx) => {
      const team = await tx.team.findUnique({ where: { id: input.teamId }, select: { name: true, archivedAt: true } });
      if (team?.archivedAt) throw new ConflictError(`${team.name} is archived: it takes no new apps`, "teamId");
      await checkBaseImage(tx, input.baseImageId);
      const app = await tx.app.create({ data: input, select: appSelect });
      await recordAudit(tx, caller, { action: "app.create", outcome: "ok", resourceType: "app", resourceId: app.id, teamId: app.teamId, after: app });
      return viewOf(caller.actor, app, await classificationRule(tx));
    })
    .catch((error) => rethrowDuplicate(error, input.name));
}

export async function updateApp(caller: Caller, { id, ...changes }: UpdateAppInput): Promise<AppView> {
  return db()
    .$transaction(async (tx) => {
      const before = await loadApp(tx, caller, id, "app.update", canWriteTeamApps);
      // Keeping an image that was revoked since is not a new choice; only a change is checked.
      if (changes.baseImageId && changes.baseImageId !== before.baseImage?.id) await checkBaseImage(tx, changes.baseImageId);
      const rule = await classificationRule(tx);
      const reclassified = changes.classification !== undefined && changes.classification !== before.classification;
      if (reclassified && !mayClassify(caller.actor, before.teamId, rule)) {
        const message = `The platform policy lets only IT operations change an app's data classification: ask an operator to change ${before.name} from ${before.classification} to ${changes.classification}`;
        throw new PolicyViolationError({ action: "app.update", resourceType: "app", resourceId: id, teamId: before.teamId }, [{ field: "classification", message }]);
      }
      const after = await tx.app.update({ where: { id }, data: changes, select: appSelect });
      const reason = reclassified ? `data classification changed from ${before.classification} to ${after.classification}` : undefined;
      await recordAudit(tx, caller, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: id, teamId: after.teamId, before, after, reason });
      return viewOf(caller.actor, after, rule);
    })
    .catch((error) => rethrowDuplicate(error, changes.name));
}

/** An operator's change of an app's data classification, whatever the platform policy lets the team do; audited with
 * the operator's reason. Deploys are judged by the new classification from their next revision. */
export async function setAppClassification(caller: Caller, input: SetAppClassificationInput): Promise<AppView> {
  return db().$transaction(async (tx) => {
    const before = await loadApp(tx, caller, input.id, "app.set-classification", canReadTeam);
    const after = await tx.app.update({ where: { id: input.id }, data: { classification: input.classification }, select: appSelect });
    const reason = `data classification changed from ${before.classification} to ${after.classification}: ${input.reason}`;
    await recordAudit(tx, caller, { action: "app.set-classification", outcome: "ok", resourceType: "app", resourceId: input.id, teamId: after.teamId, before: { classification: before.classification }, after: { classification: after.classification }, reason });
    return viewOf(caller.actor, after, await classificationRule(tx));
  });
}

export async function deleteApp(caller: Caller, id: string): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const before = await loadApp(tx, caller, id, "app.delete", canWriteTeamApps);
    const live = await tx.deployment.count({ where: { appId: id, status: { not: "destroyed" } } });
    if (live) throw new ConflictError(`Destroy this app's ${live} deployment${live === 1 ? "" : "s"} first`);
    await revokeLinksOfDeletedApp(tx, caller, before);
    await tx.deployment.deleteMany({ where: { appId: id } });
    await tx.app.delete({ where: { id } });
    await recordAudit(tx, caller, { action: "app.delete", outcome: "ok", resourceType: "app", resourceId: id, teamId: before.teamId, before });
    return { id };
  });
}
