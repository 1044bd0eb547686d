import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import type { NetworkLinkStatus } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import { reapplyForLinks, type Reapplied } from "@/server/deployments/commands";
import { AccessDeniedError, ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Actor, Caller } from "@/server/identity/actor";
import { canReadTeam, readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { listeningPorts, portProblems } from "./callee-ports";
import { canRequestLink, canRevokeLink, canSeeLink, decideRefusal } from "./rules";
import type { DecideLinkInput, RequestLinkInput } from "./schemas";

// Zero-trust links: requested by the caller app's team, decided by someone else (rules.ts), and once approved
// rendered into both apps' plans (deploy-links.ts). Approving or revoking re-applies both apps' live deployments.

const appEnd = { select: { id: true, name: true, teamId: true, team: { select: { name: true } } } } as const;
const linkSelect = {
  id: true,
  port: true,
  status: true,
  reason: true,
  requestedById: true,
  requestedAt: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  revokedById: true,
  revokedAt: true,
  fromApp: appEnd,
  toApp: appEnd,
} satisfies Prisma.NetworkLinkSelect;
type LinkRow = Prisma.NetworkLinkGetPayload<{ select: typeof linkSelect }>;

const RESOURCE = "network-link";
const ends = (link: LinkRow) => ({ fromTeamId: link.fromApp.teamId, toTeamId: link.toApp.teamId, requestedById: link.requestedById });
const route = (link: LinkRow) => `${link.fromApp.name} → ${link.toApp.name} on port ${link.port}`;

/** What the audit trail keeps of a link: the route and its state. */
function snapshot(link: LinkRow) {
  const { fromApp, toApp, ...rest } = link;
  return { ...rest, from: { appId: fromApp.id, app: fromApp.name, teamId: fromApp.teamId }, to: { appId: toApp.id, app: toApp.name, teamId: toApp.teamId } };
}

/** A link as the viewer sees it, with what the viewer may do to it (so the UI needs no rules of its own). */
function view(link: LinkRow, actor: Actor, emails: Map<string, string>) {
  const active = link.status === "requested" || link.status === "approved";
  const email = (id: string | null) => (id ? (emails.get(id) ?? "a removed user") : null);
  const decidable = link.status === "requested" && decideRefusal(actor, ends(link)) === null;
  return {
    id: link.id,
    port: link.port,
    status: link.status,
    reason: link.reason,
    decisionNote: link.decisionNote,
    from: { id: link.fromApp.id, name: link.fromApp.name, team: link.fromApp.team.name },
    to: { id: link.toApp.id, name: link.toApp.name, team: link.toApp.team.name },
    crossTeam: link.fromApp.teamId !== link.toApp.teamId,
    requestedBy: email(link.requestedById),
    requestedAt: link.requestedAt,
    decidedBy: email(link.decidedById),
    decidedAt: link.decidedAt,
    revokedBy: email(link.revokedById),
    revokedAt: link.revokedAt,
    can: { approve: decidable, reject: decidable, revoke: active && canRevokeLink(actor, ends(link)) },
  };
}
export type LinkView = ReturnType<typeof view>;

async function views(tx: Tx, actor: Actor, links: LinkRow[]): Promise<LinkView[]> {
  const ids = [...new Set(links.flatMap((l) => [l.requestedById, l.decidedById, l.revokedById]).filter((id): id is string => !!id))];
  const users = ids.length ? await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  // A team's service token requests as itself (no person acts): name it.
  const unknown = ids.filter((id) => !emails.has(id));
  const tokens = unknown.length ? await tx.apiToken.findMany({ where: { id: { in: unknown } }, select: { id: true, name: true, team: { select: { slug: true } } } }) : [];
  for (const token of tokens) emails.set(token.id, `service token ${token.name} of team ${token.team?.slug ?? "?"}`);
  return links.map((link) => view(link, actor, emails));
}

/** A link the actor may see; one touching none of their teams is "not found" to them, and audited as denied. */
async function loadLink(tx: Tx, caller: Caller, id: string, action: string): Promise<LinkRow> {
  const link = await tx.networkLink.findUnique({ where: { id }, select: linkSelect });
  if (!link) throw new NotFoundError("Link");
  if (!canSeeLink(caller.actor, ends(link))) {
    throw new AccessDeniedError({ action, resourceType: RESOURCE, resourceId: id, teamId: link.fromApp.teamId, reason: "link touches no team of the actor" }, { resource: "Link" });
  }
  return link;
}

function inTransaction<T>(work: (tx: Tx) => Promise<T>, duplicate: () => ConflictError): Promise<T> {
  return db()
    .$transaction(work)
    .catch((error) => {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    });
}

const concurrent = () => new ConflictError("This link was changed at the same moment by someone else; reload and try again");

export async function requestLink(caller: Caller, input: RequestLinkInput) {
  let label = "";
  return inTransaction(
    async (tx) => {
      const select = { id: true, name: true, teamId: true } as const;
      const from = await tx.app.findUnique({ where: { id: input.fromAppId }, select });
      if (!from) throw new NotFoundError("App");
      requireTeam(
        caller.actor,
        from.teamId,
        canRequestLink,
        { action: "link.request", resourceType: "app", resourceId: from.id, reason: "only a developer of the calling app's team may request its links" },
        "App",
      );
      // A callee of another team is named by its id, which that team shares; its existence is no secret to them.
      const to = await tx.app.findUnique({ where: { id: input.toAppId }, select });
      if (!to) throw new InvalidInputError([{ field: "toAppId", message: "No app has that id" }]);
      label = `${from.name} to ${to.name} on port ${input.port}`;
      const problems = await portProblems(tx, from, to, input.port);
      if (problems.length) throw new InvalidInputError(problems.map((message) => ({ field: "port", message })), "provider");
      const created = await tx.networkLink.create({
        data: { fromAppId: from.id, toAppId: to.id, port: input.port, reason: input.reason, requestedById: caller.actor.userId },
        select: linkSelect,
      });
      await recordAudit(tx, caller, { action: "link.request", outcome: "ok", resourceType: RESOURCE, resourceId: created.id, teamId: from.teamId, after: snapshot(created) });
      return (await views(tx, caller.actor, [created]))[0];
    },
    () => new ConflictError(`A link from ${label} is already requested or approved`, "toAppId"),
  );
}

type Change = { action: "approve" | "reject" | "revoke"; from: NetworkLinkStatus[]; to: NetworkLinkStatus };
const CHANGES = {
  approve: { action: "approve", from: ["requested"], to: "approved" },
  reject: { action: "reject", from: ["requested"], to: "rejected" },
  revoke: { action: "revoke", from: ["requested", "approved"], to: "revoked" },
} satisfies Record<string, Change>;

/** Why the actor may not make this change, or null. */
function refusal(change: Change, actor: Actor, link: LinkRow): string | null {
  if (change.action === "revoke") return canRevokeLink(actor, ends(link)) ? null : "only a developer of either app's team, an operator or an admin may revoke a link";
  return decideRefusal(actor, ends(link));
}

/**
 * One state change, its audit event and, when routes open or close, a new revision for each live deployment of both
 * apps, all in one transaction: the clouds get the change through the usual deploy jobs.
 */
async function change(caller: Caller, spec: Change, input: DecideLinkInput): Promise<{ link: LinkView; redeployed: Reapplied[] }> {
  const action = `link.${spec.action}`;
  return inTransaction(async (tx) => {
    const before = await loadLink(tx, caller, input.id, action);
    const why = refusal(spec, caller.actor, before);
    if (why) throw new AccessDeniedError({ action, resourceType: RESOURCE, resourceId: before.id, teamId: before.fromApp.teamId, reason: why });
    if (!spec.from.includes(before.status)) throw new ConflictError(`The link ${route(before)} is ${before.status}; only a ${spec.from.join(" or ")} link can be ${spec.to}`);
    const now = new Date();
    const data =
      spec.action === "revoke"
        ? { status: spec.to, revokedById: caller.actor.userId, revokedAt: now, ...(input.note ? { decisionNote: input.note } : {}) }
        : { status: spec.to, decidedById: caller.actor.userId, decidedAt: now, decisionNote: input.note };
    // Guarded on the status read above, so two people deciding at once cannot both succeed.
    const { count } = await tx.networkLink.updateMany({ where: { id: before.id, status: before.status }, data });
    if (count !== 1) throw concurrent();
    const after = await tx.networkLink.findUniqueOrThrow({ where: { id: before.id }, select: linkSelect });
    await recordAudit(tx, caller, { action, outcome: "ok", resourceType: RESOURCE, resourceId: before.id, teamId: before.fromApp.teamId, before: snapshot(before), after: snapshot(after) });
    const routesChanged = after.status === "approved" || before.status === "approved";
    const redeployed = routesChanged ? await reapplyForLinks(tx, caller, [before.fromApp.id, before.toApp.id], { link: { id: before.id, route: route(before), change: after.status } }) : [];
    return { link: (await views(tx, caller.actor, [after]))[0], redeployed };
  }, concurrent);
}

export const approveLink = (caller: Caller, input: DecideLinkInput) => change(caller, CHANGES.approve, input);
export const rejectLink = (caller: Caller, input: DecideLinkInput) => change(caller, CHANGES.reject, input);
/** Closes an approved link, or withdraws a pending request. */
export const revokeLink = (caller: Caller, input: DecideLinkInput) => change(caller, CHANGES.revoke, input);

/**
 * An app being deleted takes its links with it (the rows cascade). Each one still requested or approved is first
 * revoked and audited as such, and the other apps' live deployments are re-planned without the routes that
 * closed. Runs inside the deletion's transaction, which has authorized it.
 */
export async function revokeLinksOfDeletedApp(tx: Tx, caller: Caller, app: { id: string; name: string }): Promise<Reapplied[]> {
  const links = await tx.networkLink.findMany({ where: { status: { in: ["requested", "approved"] }, OR: [{ fromAppId: app.id }, { toAppId: app.id }] }, select: linkSelect });
  if (!links.length) return [];
  const revoked = { status: "revoked" as const, revokedById: caller.actor.userId, revokedAt: new Date() };
  await tx.networkLink.updateMany({ where: { id: { in: links.map((link) => link.id) } }, data: revoked });
  const reason = `app ${app.name} deleted`;
  for (const link of links) {
    await recordAudit(tx, caller, { action: "link.revoke", outcome: "ok", resourceType: RESOURCE, resourceId: link.id, teamId: link.fromApp.teamId, reason, before: snapshot(link), after: snapshot({ ...link, ...revoked }) });
  }
  const peers = new Set(links.filter((link) => link.status === "approved").flatMap((link) => [link.fromApp.id, link.toApp.id]));
  peers.delete(app.id);
  return peers.size ? reapplyForLinks(tx, caller, [...peers], { appDeleted: { id: app.id, name: app.name } }) : [];
}

/** Every link of an app, newest first, split by direction; the app must be one the caller may read. */
export async function linksOfApp(caller: Caller, appId: string) {
  const app = await db().app.findUnique({ where: { id: appId }, select: { id: true, teamId: true } });
  if (!app) throw new NotFoundError("App");
  requireTeam(caller.actor, app.teamId, canReadTeam, { action: "link.list", resourceType: "app", resourceId: app.id, reason: "app belongs to a team the actor may not read" }, "App");
  const links = await db().networkLink.findMany({ where: { OR: [{ fromAppId: appId }, { toAppId: appId }] }, select: linkSelect, orderBy: { requestedAt: "desc" }, take: 200 });
  const all = await views(db(), caller.actor, links);
  return { inbound: all.filter((l) => l.to.id === appId), outbound: all.filter((l) => l.from.id === appId) };
}

/** Requests the caller may approve or reject now (none for compliance officers, who never act). */
export async function pendingLinkApprovals(caller: Caller) {
  if (caller.actor.role === "compliance") return [];
  const teamIds = readableTeamIds(caller.actor);
  const links = await db().networkLink.findMany({
    where: { status: "requested", ...(teamIds ? { fromApp: { teamId: { in: teamIds } } } : {}) },
    select: linkSelect,
    orderBy: { requestedAt: "asc" },
    take: 200,
  });
  return views(
    db(),
    caller.actor,
    links.filter((link) => decideRefusal(caller.actor, ends(link)) === null),
  );
}

/** Apps the caller could link this app to (their teams' apps, all for the platform roles), with the port each listens on. */
export async function linkCallees(caller: Caller, fromAppId: string) {
  const teamIds = readableTeamIds(caller.actor);
  const apps = await db().app.findMany({
    where: { id: { not: fromAppId }, ...(teamIds ? { teamId: { in: teamIds } } : {}) },
    select: { id: true, name: true, team: { select: { name: true } } },
    orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
    take: 200,
  });
  const ports = await listeningPorts(db(), apps.map((app) => app.id));
  return apps.map((app) => ({ id: app.id, name: app.name, team: app.team.name, port: ports.get(app.id) ?? null }));
}
