import { z } from "zod";
import { DataClassification } from "@/server/db/generated/enums";

// One definition guards the API and drives the browser form (react-hook-form + zodResolver).

/** Becomes part of cloud resource names (Cloud Run allows 49 characters in all), hence DNS-label rules. */
export const appName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(40, "Name must be at most 40 characters")
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and hyphens; start with a letter, end with a letter or digit");

export const appFields = z.object({
  name: appName,
  description: z.string().trim().max(500, "Description must be at most 500 characters"),
  classification: z.enum(DataClassification, { error: "Choose a data classification" }),
  /** From the catalog (catalog.list): deploy policy checks its status, end of life and successor. */
  baseImageId: z.string().uuid("Choose a base image"),
});

export const createAppInput = appFields.extend({
  teamId: z.string().uuid("Choose a team"),
});
export type CreateAppInput = z.infer<typeof createAppInput>;

export const appIdInput = z.object({ id: z.string().uuid("Not a valid app id") });

export const updateAppInput = appFields.partial().extend({ id: z.string().uuid("Not a valid app id") });
export type UpdateAppInput = z.infer<typeof updateAppInput>;

/** An operator sets an app's data classification, saying why (kept in the audit trail). */
export const setAppClassificationInput = z.object({
  id: z.string().uuid("Not a valid app id"),
  classification: appFields.shape.classification,
  reason: z.string().trim().min(1, "Say why the classification changes").max(500, "A reason is at most 500 characters"),
});
export type SetAppClassificationInput = z.infer<typeof setAppClassificationInput>;

export const listAppsInput = z.object({ teamId: z.string().uuid().optional() }).default({});

export { classificationLabels } from "./labels";
