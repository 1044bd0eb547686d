import { z } from "zod";
import { MAX_MINUTES } from "./rules";

// Inputs of the break-glass procedures, shared by the router and the forms.

const id = z.string().trim().min(1).max(100);

export const requestOverrideInput = z.object({
  /** The sequence number of the refused attempt's audit event: the exact refusal to override. */
  refusal: z
    .string()
    .max(18, "must be the number of the refused attempt's audit event")
    .regex(/^[1-9]\d{0,17}$/, "must be the number of the refused attempt's audit event"),
  reason: z.string().trim().min(10, "Say why, in at least 10 characters").max(1000, "At most 1000 characters"),
  durationMinutes: z.number().int("A whole number of minutes").min(1, "At least 1 minute").max(MAX_MINUTES, `At most 24 hours (${MAX_MINUTES} minutes)`),
});
export type RequestOverrideInput = z.infer<typeof requestOverrideInput>;

export const decideOverrideInput = z.object({ id, note: z.string().trim().max(500, "At most 500 characters").default("") });

export const listOverridesInput = z.object({ state: z.enum(["requested", "active", "expired", "rejected"]).optional() }).default({});

export const deploymentOverridesInput = z.object({ deploymentId: id });
export const appOverridesInput = z.object({ appId: id });
