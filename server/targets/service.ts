import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { parseColumn } from "@/server/db/json-column";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { Actor, Caller } from "@/server/identity/actor";
import { canDo } from "@/server/identity/permissions";
import { ProviderError } from "@/providers/errors";
import { displayNameOf, tlsInfrastructure } from "@/providers/registry";
import type { ProviderCredentials, TargetConnection, TargetCoordinates } from "@/providers/types";
import { open, seal } from "./credential-box";
import { targetCredentials } from "./credential-schemas";
import { storedCredentialSummary, summarizeCredentials, type CredentialSummary } from "./credential-summary";
import { credentialsKey } from "./credentials-key";
import { targetCoordinates, targetLabels, type CreateTargetInput } from "./schemas";

/** Everything about a target that may leave the server: never the credentials, only their summary. */
export const targetPublicSelect = {
  id: true,
  name: true,
  kind: true,
  region: true,
  coordinates: true,
  labels: true,
  endpoint: true,
  caCertificate: true,
  sandbox: true,
  credentialsSummary: true,
  credentialsRotatedAt: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
} satisfies Prisma.TargetSelect;

type TargetRow = Prisma.TargetGetPayload<{ select: typeof targetPublicSelect }>;

/** A target's coordinates, parsed with the schema an operator's entry is checked with (./schemas.ts). */
export const storedCoordinates = (target: { id: string; coordinates: unknown }): TargetCoordinates =>
  parseColumn(targetCoordinates, target.coordinates, { model: "Target", id: target.id, field: "coordinates" });

/** A target's placement labels, parsed with the schema an operator's entry is checked with; none stored reads as none. */
export const storedLabels = (target: { id: string; labels: unknown }): Record<string, string> =>
  parseColumn(targetLabels, target.labels ?? {}, { model: "Target", id: target.id, field: "labels" });

export type TargetView = Omit<TargetRow, "credentialsSummary" | "coordinates" | "labels"> & {
  coordinates: TargetCoordinates;
  /** The provider's name as people read it, e.g. "AWS ECS (Fargate)". */
  providerName: string;
  /** What the target offers for encryption in transit, in words (its provider says how). */
  tlsInfrastructure: string[];
  labels: Record<string, string>;
  credentialsSummary: CredentialSummary | null;
  lastCheck: { id: string; status: string; message: string; createdAt: Date; finishedAt: Date | null } | null;
  can: { edit: boolean; rotateCredentials: boolean; testConnection: boolean; disable: boolean; enable: boolean; delete: boolean };
};

/**
 * What the actor may do with a target: IT operations run targets; everyone signed in sees them. Developers see
 * what they deploy by (name, provider, region, labels), not how Bulkhead reaches the cloud (endpoint, which
 * credentials, the last connection check).
 */
function viewOf(actor: Actor, row: TargetRow, lastCheck: TargetView["lastCheck"] = null): TargetView {
  const operator = canDo(actor, "manageTargets");
  const platform = canDo(actor, "seeTargetConnections");
  const summary = parseColumn(storedCredentialSummary, row.credentialsSummary, { model: "Target", id: row.id, field: "credentialsSummary" });
  const coordinates = storedCoordinates(row);
  return {
    ...row,
    coordinates,
    providerName: displayNameOf(row.kind),
    tlsInfrastructure: tlsInfrastructure(coordinates),
    labels: storedLabels(row),
    endpoint: platform ? row.endpoint : null,
    caCertificate: platform ? row.caCertificate : null,
    credentialsSummary: platform ? summary : null,
    lastCheck: platform ? lastCheck : null,
    can: { edit: operator, rotateCredentials: operator, testConnection: operator, disable: operator && !row.disabledAt, enable: operator && Boolean(row.disabledAt), delete: operator },
  };
}

const lastCheckSelect = { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, message: true, createdAt: true, finishedAt: true } } as const;

export async function listTargets(actor: Actor): Promise<TargetView[]> {
  const rows = await db().target.findMany({ select: { ...targetPublicSelect, checks: lastCheckSelect }, orderBy: { name: "asc" } });
  return rows.map(({ checks, ...row }) => viewOf(actor, row, checks[0] ?? null));
}

export async function getTarget(actor: Actor, id: string): Promise<TargetView> {
  const row = await db().target.findUnique({ where: { id }, select: { ...targetPublicSelect, checks: lastCheckSelect } });
  if (!row) throw new NotFoundError("Target");
  const { checks, ...target } = row;
  return viewOf(actor, target, checks[0] ?? null);
}

/** Sealed credentials and their summary, as the Target row stores them. */
export function sealedCredentials(targetId: string, credentials: ProviderCredentials) {
  return {
    credentials: seal(JSON.stringify(credentials), targetId, credentialsKey()),
    credentialsSummary: summarizeCredentials(credentials),
  };
}

/** A unique-name clash as a field error; anything else as it is. */
export function nameClash(error: unknown, name: string): unknown {
  if (isUniqueViolation(error)) return new ConflictError(`A target named "${name}" already exists`, "name");
  return error;
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
          endpoint: input.endpoint,
          caCertificate: input.caCertificate,
          ...sealedCredentials(id, input.credentials),
        },
        select: targetPublicSelect,
      });
      await recordAudit(tx, caller, { action: "target.create", outcome: "ok", resourceType: "target", resourceId: id, after: target });
      return viewOf(caller.actor, target);
    });
  } catch (error) {
    throw nameClash(error, input.name);
  }
}

/**
 * How the worker reaches a target's cloud, credentials unsealed. Server-side only. Stored credentials that no
 * longer match what a target may hold (a format Bulkhead no longer accepts) fail here, with what to do.
 */
export async function targetConnection(tx: Tx, targetId: string): Promise<TargetConnection> {
  const target = await tx.target.findUnique({ where: { id: targetId } });
  if (!target) throw new NotFoundError("Target");
  const credentials = JSON.parse(open(target.credentials, target.id, credentialsKey())) as ProviderCredentials;
  if (!target.sandbox && !targetCredentials.safeParse(credentials).success) {
    throw new ProviderError("credentials", `Target ${target.name} holds credentials of a kind Bulkhead no longer uses (a static access token expires within the hour): rotate its credentials`);
  }
  return {
    coordinates: storedCoordinates(target),
    credentials,
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

/** The sandbox's emulators listen on new ports (and mint new keys) each start: keep their targets pointing at them. */
export async function upsertSandboxTarget(target: SandboxTarget): Promise<void> {
  const existing = await db().target.findUnique({ where: { name: target.name }, select: targetPublicSelect });
  const id = existing?.id ?? randomUUID();
  const connection = { endpoint: target.endpoint, caCertificate: target.caCertificate ?? null, ...sealedCredentials(id, target.credentials) };
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
