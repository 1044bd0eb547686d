import { z } from "zod";

const optionalText = z.string().trim().min(1).max(200).optional();

/** Postgres timestamps start at 4713 BC and have no year 0, JavaScript dates go further: keep to what the trail can hold. */
const instant = z.date().min(new Date("1970-01-01T00:00:00Z"), "must be in 1970 or later").max(new Date("9999-12-31T23:59:59Z"), "must be before the year 10000");

/** Sequence numbers are Postgres bigints: a longer number would fail in the database rather than match nothing. */
const fitsBigint = (value: string) => !/^\d+$/.test(value) || BigInt(value) <= 9_223_372_036_854_775_807n;

/** Every filter is optional and they combine with AND; the time range includes `from`, excludes `to`. */
export const auditListInput = z
  .object({
    /** Sequence number to continue after (exclusive); newest first. */
    cursor: z.string().max(40, "cursor must be a sequence number").regex(/^\d+$/, "cursor must be a sequence number").refine(fitsBigint, "cursor is beyond the last possible sequence number").optional(),
    limit: z.number().int().min(1).max(200).default(50),
    from: instant.optional(),
    to: instant.optional(),
    actorId: optionalText,
    /** A name or an email address, or part of one, as people type them (any case). */
    actor: optionalText,
    /** One action, or every action of a kind: "deployment.*". */
    action: optionalText.refine((value) => value === undefined || !value.slice(0, -1).includes("*"), "a * only at the end, after a dot: deployment.*"),
    resourceType: optionalText,
    /** Only with resourceType: one resource's whole timeline. */
    resourceId: optionalText,
    teamId: optionalText,
    outcome: z.enum(["ok", "denied", "failed"]).optional(),
  })
  .refine((input) => !input.resourceId || input.resourceType, { message: "choose the resource type too", path: ["resourceType"] })
  .refine((input) => !input.from || !input.to || input.from < input.to, { message: "must be after the start", path: ["to"] });
export type AuditListInput = z.infer<typeof auditListInput>;

const sequenceNumber = z.string().max(40, "must be a sequence number").regex(/^[1-9]\d*$/, "must be a sequence number").refine(fitsBigint, "is beyond the last possible sequence number");

/** Both ends inclusive; without them, the whole trail. */
export const auditVerifyInput = z
  .object({ from: sequenceNumber.optional(), to: sequenceNumber.optional() })
  // Zod runs this even when a field failed its own checks, so compare only two valid numbers.
  .refine((input) => !sequenceNumber.safeParse(input.from).success || !sequenceNumber.safeParse(input.to).success || BigInt(input.from!) <= BigInt(input.to!), {
    message: "must not be before the start",
    path: ["to"],
  })
  .default({});
export type AuditVerifyInput = z.infer<typeof auditVerifyInput>;

/** One verification run; without an id, the latest. */
export const auditVerificationInput = z.object({ id: z.string().trim().min(1).max(100).optional() }).default({});

export const auditGetInput = z.object({ sequence: sequenceNumber });
