// The trail keeps ids (it must outlive what it names); people read names. These are resolved when the trail is
// read, in one query per kind of resource, and fall back to the id for what no longer exists.
import { db } from "@/server/db/client";

export interface Named {
  type: string;
  id: string;
}

export const nameKey = (type: string, id: string) => `${type}:${id}`;

type Resolver = (ids: string[]) => Promise<[string, string][]>;

const resolvers: Record<string, Resolver> = {
  app: async (ids) => (await db().app.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((app) => [app.id, app.name]),
  team: async (ids) => (await db().team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((team) => [team.id, team.name]),
  target: async (ids) => (await db().target.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((target) => [target.id, target.name]),
  user: async (ids) => (await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((user) => [user.id, `${user.name} (${user.email})`]),
  "base-image": async (ids) => (await db().baseImage.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, version: true } })).map((image) => [image.id, `${image.name} ${image.version}`]),
  deployment: async (ids) =>
    (await db().deployment.findMany({ where: { id: { in: ids } }, select: { id: true, app: { select: { name: true } }, target: { select: { name: true } } } })).map((d) => [d.id, `${d.app.name} on ${d.target.name}`]),
  link: async (ids) =>
    (await db().networkLink.findMany({ where: { id: { in: ids } }, select: { id: true, port: true, fromApp: { select: { name: true } }, toApp: { select: { name: true } } } })).map((link) => [
      link.id,
      `${link.fromApp.name} → ${link.toApp.name}:${link.port}`,
    ]),
  "break-glass-override": async (ids) => {
    const rows = await db().breakGlassOverride.findMany({ where: { id: { in: ids } }, select: { id: true, appId: true, targetId: true, requestedAt: true } });
    const apps = new Map(await resolvers.app(rows.map((row) => row.appId)));
    const targets = new Map(await resolvers.target(rows.map((row) => row.targetId)));
    return rows.map((row) => [row.id, `${apps.get(row.appId) ?? row.appId} on ${targets.get(row.targetId) ?? row.targetId}`]);
  },
  "audit-event": async (ids) => ids.map((id) => [id, `event #${id}`]),
};

/** Names of the given resources, keyed by nameKey(type, id); those that cannot be named are left out. */
export async function resolveNames(items: Named[]): Promise<Record<string, string>> {
  const byType = new Map<string, Set<string>>();
  // Own keys only: a resource type comes from the filter too, and "constructor" is no resolver.
  for (const { type, id } of items) if (Object.hasOwn(resolvers, type)) (byType.get(type) ?? byType.set(type, new Set()).get(type)!).add(id);
  const names: Record<string, string> = {};
  for (const [type, ids] of byType) for (const [id, name] of await resolvers[type]([...ids])) names[nameKey(type, id)] = name;
  return names;
}
