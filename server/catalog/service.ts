import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import type { BaseImageEntry } from "@/server/policy/schemas";
import type { BaseImageFamily, CreateBaseImageInput, RetireBaseImageInput, UpdateBaseImageInput } from "./schemas";
import type { BaseImageStatus } from "@/server/db/generated/enums";
import { isLater, RETIRE_ACTIONS, type RetiredStatus } from "./lifecycle";

export const baseImageSelect = {
  id: true,
  family: true,
  name: true,
  version: true,
  reference: true,
  status: true,
  endOfLife: true,
  notes: true,
  successor: { select: { id: true, name: true, version: true, status: true } },
  approvedBy: { select: { email: true, name: true } },
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.BaseImageSelect;

export type BaseImageView = Prisma.BaseImageGetPayload<{ select: typeof baseImageSelect }>;

/** The catalog entry as policy evaluation reads it. */
export function catalogEntry(image: BaseImageView): BaseImageEntry {
  return { ...image, family: image.family as BaseImageFamily, successor: image.successor && { id: image.successor.id, name: image.successor.name, version: image.successor.version } };
}

const day = (value: string | null) => (value === null ? null : new Date(`${value}T00:00:00Z`));

export function listBaseImages(filter: { status?: BaseImageStatus[] }): Promise<BaseImageView[]> {
  return db().baseImage.findMany({
    where: filter.status ? { status: { in: filter.status } } : undefined,
    select: baseImageSelect,
    orderBy: [{ family: "desc" }, { name: "asc" }, { version: "asc" }],
  });
}

async function loadImage(tx: Tx, id: string): Promise<BaseImageView> {
  const image = await tx.baseImage.findUnique({ where: { id }, select: baseImageSelect });
  if (!image) throw new NotFoundError("Base image");
  return image;
}

/** A successor must be another image developers can still move to, which also rules out cycles. */
async function checkSuccessor(tx: Tx, id: string, successorId: string | null | undefined) {
  if (!successorId) return;
  const successor = await tx.baseImage.findUnique({ where: { id: successorId }, select: { status: true, name: true, version: true } });
  if (!successor) throw new InvalidInputError([{ field: "successorId", message: "The successor is not in the catalog" }]);
  if (successorId === id) throw new InvalidInputError([{ field: "successorId", message: "An image cannot succeed itself" }]);
  if (successor.status !== "approved") {
    throw new InvalidInputError([{ field: "successorId", message: `${successor.name} ${successor.version} is ${successor.status}; a successor must be approved` }]);
  }
}

function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new ConflictError("The catalog already has this name and version, or this image reference", "version");
  }
  throw error;
}

export async function createBaseImage(caller: Caller, input: CreateBaseImageInput): Promise<BaseImageView> {
  return db()
    .$transaction(async (tx) => {
      const image = await tx.baseImage.create({
        data: { ...input, endOfLife: day(input.endOfLife), approvedById: caller.actor.userId },
        select: baseImageSelect,
      });
      await recordAudit(tx, caller, { action: "base-image.create", outcome: "ok", resourceType: "base-image", resourceId: image.id, after: image });
      return image;
    })
    .catch(rethrowDuplicate);
}

export async function updateBaseImage(caller: Caller, { id, endOfLife, ...changes }: UpdateBaseImageInput): Promise<BaseImageView> {
  return db().$transaction(async (tx) => {
    const before = await loadImage(tx, id);
    await checkSuccessor(tx, id, changes.successorId);
    const after = await tx.baseImage.update({ where: { id }, data: { ...changes, ...(endOfLife !== undefined && { endOfLife: day(endOfLife) }) }, select: baseImageSelect });
    await recordAudit(tx, caller, { action: "base-image.update", outcome: "ok", resourceType: "base-image", resourceId: id, before, after });
    return after;
  });
}

async function retire(caller: Caller, input: RetireBaseImageInput, status: RetiredStatus): Promise<BaseImageView> {
  return db().$transaction(async (tx) => {
    const before = await loadImage(tx, input.id);
    // Only forward: revoked is final, and a restricted image is not deprecated again.
    if (!isLater(status, before.status)) throw new ConflictError(`${before.name} ${before.version} is ${before.status} already`);
    await checkSuccessor(tx, input.id, input.successorId);
    const after = await tx.baseImage.update({ where: { id: input.id }, data: { status, successorId: input.successorId ?? before.successor?.id ?? null }, select: baseImageSelect });
    await recordAudit(tx, caller, { action: RETIRE_ACTIONS[status], outcome: "ok", resourceType: "base-image", resourceId: input.id, before, after, reason: input.reason });
    return after;
  });
}

export const deprecateBaseImage = (caller: Caller, input: RetireBaseImageInput) => retire(caller, input, "deprecated");
export const restrictBaseImage = (caller: Caller, input: RetireBaseImageInput) => retire(caller, input, "restricted");
export const revokeBaseImage = (caller: Caller, input: RetireBaseImageInput) => retire(caller, input, "revoked");
