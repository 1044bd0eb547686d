import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { db, type Tx } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import type { ProviderCredentials, TargetConnection, TargetCoordinates } from "@/providers/types";
import { open, seal } from "./credential-box";
import { credentialsKey } from "./credentials-key";
import type { CreateTargetInput } from "./schemas";

/** Everything about a target that may leave the server: never the credentials. */
export const targetPublicSelect = {
  id: true,
  name: true,
  kind: true,
  region: true,
  coordinates: true,
  labels: true,
  sandbox: true,
  createdAt: true,
} satisfies Prisma.TargetSelect;

export type TargetView = Prisma.TargetGetPayload<{ select: typeof targetPublicSelect }>;

export function listTargets(): Promise<TargetView[]> {
  return db().target.findMany({ select: targetPublicSelect, orderBy: { name: "asc" } });
}

export async function createTarget(caller: Caller, input: CreateTargetInput): Promise<TargetView> {
  const id = randomUUID();
  try {
    return await db().$transaction(async (tx) => {
      const target = await tx.target.create({
        data: {
          id,
          name: input.name,
          kind: input.coordinates.kind,
          region: input.coordinates.region,
          coordinates: input.coordinates,
          labels: input.labels,
          credentials: seal(JSON.stringify(input.credentials), id, credentialsKey()),
        },
        select: targetPublicSelect,
      });
      await recordAudit(tx, caller, { action: "target.create", outcome: "ok", resourceType: "target", resourceId: id, after: target });
      return target;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`A target named "${input.name}" already exists`, "name");
    }
    throw error;
  }
}

/** How the worker reaches a target's cloud, credentials unsealed. Server-side only. */
export async function targetConnection(tx: Tx, targetId: string): Promise<TargetConnection> {
  const target = await tx.target.findUnique({ where: { id: targetId } });
  if (!target) throw new NotFoundError("Target");
  return {
    coordinates: target.coordinates as unknown as TargetCoordinates,
    credentials: JSON.parse(open(target.credentials, target.id, credentialsKey())) as ProviderCredentials,
    endpoint: target.endpoint ?? undefined,
    caCertificate: target.caCertificate ?? undefined,
  };
}

export interface SandboxTarget {
  name: string;
  coordinates: TargetCoordinates;
  credentials: ProviderCredentials;
  labels: Record<string, string>;
  endpoint: string;
  caCertificate?: string;
}

/** The sandbox's emulators listen on new ports each start: keep their targets pointing at them. */
export async function upsertSandboxTarget(target: SandboxTarget): Promise<void> {
  const existing = await db().target.findUnique({ where: { name: target.name }, select: targetPublicSelect });
  const id = existing?.id ?? randomUUID();
  const connection = {
    endpoint: target.endpoint,
    caCertificate: target.caCertificate ?? null,
    credentials: seal(JSON.stringify(target.credentials), id, credentialsKey()),
  };
  const system = { actor: null, meta: { requestId: `sandbox-${randomUUID()}`, sourceIp: null, userAgent: "bulkhead-start" } };
  if (existing) {
    const definition = { coordinates: { ...target.coordinates }, labels: target.labels };
    // A newer Bulkhead may describe its sandbox clouds differently (a subnet that now exists, a listener): follow it.
    const changed = !isDeepStrictEqual(existing.coordinates, definition.coordinates) || !isDeepStrictEqual(existing.labels, definition.labels);
    await db().$transaction(async (tx) => {
      const after = await tx.target.update({ where: { id }, data: { ...connection, ...(changed ? definition : {}) }, select: targetPublicSelect });
      if (changed) await recordAudit(tx, system, { action: "target.update", outcome: "ok", resourceType: "target", resourceId: id, reason: "the sandbox's definition of this target changed", before: existing, after });
    });
    return;
  }
  await db().$transaction(async (tx) => {
    const created = await tx.target.create({
      data: { id, name: target.name, kind: target.coordinates.kind, region: target.coordinates.region, coordinates: { ...target.coordinates }, labels: target.labels, sandbox: true, ...connection },
      select: targetPublicSelect,
    });
    await recordAudit(tx, system, { action: "target.create", outcome: "ok", resourceType: "target", resourceId: id, after: created });
  });
}
