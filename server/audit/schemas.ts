import { z } from "zod";

export const auditListInput = z.object({
  /** Sequence number to continue after (exclusive); newest first. */
  cursor: z.string().regex(/^\d+$/, "cursor must be a sequence number").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditListInput = z.infer<typeof auditListInput>;

const sequenceNumber = z.string().regex(/^[1-9]\d*$/, "must be a sequence number");

/** Both ends inclusive; without them, the whole trail. */
export const auditVerifyInput = z.object({ from: sequenceNumber.optional(), to: sequenceNumber.optional() }).default({});
export type AuditVerifyInput = z.infer<typeof auditVerifyInput>;
