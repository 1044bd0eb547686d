import { z } from "zod";

const optionalText = z.string().trim().min(1).max(200).optional();

/** Every filter is optional and they combine with AND; the time range includes `from`, excludes `to`. */
export const auditListInput = z
  .object({
    /** Sequence number to continue after (exclusive); newest first. */
    cursor: z.string().regex(/^\d+$/, "cursor must be a sequence number").optional(),
    limit: z.number().int().min(1).max(200).default(50),
    from: z.date().optional(),
    to: z.date().optional(),
    actorId: optionalText,
    action: optionalText,
    resourceType: optionalText,
    /** Only with resourceType: one resource's whole timeline. */
    resourceId: optionalText,
    teamId: optionalText,
    outcome: z.enum(["ok", "denied", "failed"]).optional(),
  })
  .refine((input) => !input.resourceId || input.resourceType, { message: "choose the resource type too", path: ["resourceType"] })
  .refine((input) => !input.from || !input.to || input.from < input.to, { message: "must be after the start", path: ["to"] });
export type AuditListInput = z.infer<typeof auditListInput>;

const sequenceNumber = z.string().regex(/^[1-9]\d*$/, "must be a sequence number");

/** Both ends inclusive; without them, the whole trail. */
export const auditVerifyInput = z
  .object({ from: sequenceNumber.optional(), to: sequenceNumber.optional() })
  .refine((input) => !input.from || !input.to || BigInt(input.from) <= BigInt(input.to), { message: "must not be before the start", path: ["to"] })
  .default({});
export type AuditVerifyInput = z.infer<typeof auditVerifyInput>;

/** One verification run; without an id, the latest. */
export const auditVerificationInput = z.object({ id: z.string().trim().min(1).max(100).optional() }).default({});

export const auditGetInput = z.object({ sequence: sequenceNumber });
