import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { PrismaClient } from "@/server/db/generated/client";
import type { Role } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAMS } from "@/server/identity/demo-accounts";
import { seedCatalog } from "./seed-catalog";
import { seedSigningKey } from "./seed-signing-key";

const system = { actor: null, meta: { requestId: `seed-${randomUUID()}`, sourceIp: null, userAgent: "bulkhead-seed" } };

/** Creates a local account with a password unless the email exists. Returns whether it was created. */
async function ensureUser(db: PrismaClient, person: { email: string; name: string; role: Role; password: string }, teamIds: string[]) {
  if (await db.user.findUnique({ where: { email: person.email } })) return false;
  const password = await hashPassword(person.password);
  await db.$transaction(async (tx) => {
    const id = randomUUID();
    const user = await tx.user.create({
      data: { id, email: person.email, name: person.name, role: person.role, emailVerified: true },
      select: { id: true, email: true, name: true, role: true },
    });
    await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password } });
    await tx.membership.createMany({ data: teamIds.map((teamId) => ({ userId: id, teamId })) });
    await recordAudit(tx, system, { action: "user.create", outcome: "ok", resourceType: "user", resourceId: id, after: { ...user, teamIds } });
  });
  return true;
}

/** Demo teams, one person per role, the base image catalog, the sandbox's signing key and two apps, so a newcomer can look around at once. Idempotent. */
export async function seedSandbox(db: PrismaClient, log: (line: string) => void = () => {}) {
  const teams = new Map<string, string>();
  for (const team of DEMO_TEAMS) {
    const existing = await db.team.findUnique({ where: { slug: team.slug } });
    const row =
      existing ??
      (await db.$transaction(async (tx) => {
        const created = await tx.team.create({ data: team });
        await recordAudit(tx, system, { action: "team.create", outcome: "ok", resourceType: "team", resourceId: created.id, teamId: created.id, after: created });
        return created;
      }));
    teams.set(team.slug, row.id);
  }
  for (const account of DEMO_ACCOUNTS) {
    const created = await ensureUser(db, { ...account, password: DEMO_PASSWORD }, account.teamSlugs.map((slug) => teams.get(slug)!));
    if (created) log(`seeded demo user ${account.email} (${account.role})`);
  }
  const operator = await db.user.findUnique({ where: { email: DEMO_ACCOUNTS.find((a) => a.role === "operator")!.email }, select: { id: true } });
  const images = await seedCatalog(db, system, operator?.id ?? null, log);
  await seedSigningKey(db, system, log);
  // payments-api sits on a deprecated image, so the "rebase to successor" warning is there to see.
  const demoApps = [
    { team: "payments", name: "payments-api", description: "Card payment API", classification: "confidential" as const, image: "eap74" },
    { team: "storefront", name: "storefront-web", description: "Public shop front end", classification: "public" as const, image: "node22" },
  ];
  for (const app of demoApps) {
    const teamId = teams.get(app.team)!;
    const baseImageId = images.get(app.image)!;
    const existing = await db.app.findUnique({ where: { teamId_name: { teamId, name: app.name } } });
    if (existing?.baseImageId) continue;
    await db.$transaction(async (tx) => {
      // A sandbox seeded before the catalog existed gets its demo apps' base images declared.
      const after = existing
        ? await tx.app.update({ where: { id: existing.id }, data: { baseImageId } })
        : await tx.app.create({ data: { teamId, name: app.name, description: app.description, classification: app.classification, baseImageId } });
      await recordAudit(tx, system, { action: existing ? "app.update" : "app.create", outcome: "ok", resourceType: "app", resourceId: after.id, teamId, before: existing, after });
    });
  }
}

/** Outside the sandbox, the first administrator comes from BULKHEAD_ADMIN_EMAIL / BULKHEAD_ADMIN_PASSWORD. */
export async function ensureBootstrapAdmin(db: PrismaClient, email: string, password: string, log: (line: string) => void = () => {}) {
  if (password.length < 12) throw new Error("BULKHEAD_ADMIN_PASSWORD must be at least 12 characters");
  if (await ensureUser(db, { email, name: "Administrator", role: "admin", password }, [])) log(`created administrator ${email}`);
}
