import { z } from "zod";
import { BaseImageStatus } from "@/server/db/generated/enums";
import { baseImageEntry } from "@/server/policy/schemas";

// One definition guards the catalog API and drives the operator's forms (react-hook-form + zodResolver).
// The image fields are the policy's own, so what the catalog stores is what evaluation reads.

export const baseImageFamily = baseImageEntry.shape.family;
export type BaseImageFamily = z.infer<typeof baseImageFamily>;
export { familyLabels } from "./labels";

const imageId = (message: string) => z.string().uuid(message);
/** A calendar day, as an <input type="date"> gives it; empty means "no end of life announced". */
const endOfLife = z
  .union([z.literal("").transform(() => null), z.iso.date("End of life is a date (YYYY-MM-DD)").refine((day) => day >= "1900-01-01", "End of life is a date after 1900")])
  .nullable();
/** A successor chosen in a <select>: its empty option means none. */
const successorId = z.union([z.literal("").transform(() => null), imageId("Choose a successor image")]).nullable();
const notes = z.string().trim().max(1000, "Notes: at most 1000 characters");

export const createBaseImageInput = z.object({
  family: baseImageFamily,
  name: baseImageEntry.shape.name,
  version: baseImageEntry.shape.version,
  reference: baseImageEntry.shape.reference,
  endOfLife: endOfLife.default(null),
  notes: notes.default(""),
});
export type CreateBaseImageInput = z.infer<typeof createBaseImageInput>;

/** What may change on an image without a status change; its bytes (reference) never do. */
export const updateBaseImageInput = z.object({
  id: imageId("Not a valid base image id"),
  endOfLife: endOfLife.optional(),
  notes: notes.optional(),
  successorId: successorId.optional(),
});
export type UpdateBaseImageInput = z.infer<typeof updateBaseImageInput>;

/** Deprecate or revoke: the reason goes to the audit trail, the successor to every affected developer. */
export const retireBaseImageInput = z.object({
  id: imageId("Not a valid base image id"),
  successorId: successorId.default(null),
  reason: z.string().trim().min(1, "Say why, for the audit trail").max(500, "Reason: at most 500 characters"),
});
export type RetireBaseImageInput = z.infer<typeof retireBaseImageInput>;

export const listBaseImagesInput = z.object({ status: z.array(z.enum(BaseImageStatus)).optional() }).default({});

/** Images an app may declare: a revoked one may not be chosen any more. */
export const SELECTABLE_STATUSES: BaseImageStatus[] = ["approved", "deprecated"];
