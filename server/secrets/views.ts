import { z } from "zod";
import { DeploymentStatus } from "@/server/db/generated/enums";

// What the secrets procedures answer (never a value): checked on the way out, and the OpenAPI document's description.

export const secretListView = z.object({
  can: z.object({ write: z.boolean() }),
  secrets: z.array(
    z.object({
      name: z.string(),
      target: z.object({ id: z.string(), name: z.string() }).nullable(),
      version: z.number().int(),
      fingerprint: z.string(),
      setBy: z.string().nullable(),
      setAt: z.date(),
      usedBy: z.array(z.object({ deploymentId: z.string(), target: z.string(), status: z.enum(DeploymentStatus), version: z.number().int() })),
    }),
  ),
}).meta({ id: "AppSecrets" });

const reapplied = z.object({ deploymentId: z.string(), target: z.string(), revision: z.number().int().nullable(), refused: z.string().nullable() });

export const secretChangeView = z.object({
  secret: z.object({ app: z.string(), name: z.string(), target: z.string().nullable(), version: z.number().int(), fingerprint: z.string() }),
  /** Live deployments given a new revision with the change, or why policy kept their revision. */
  redeployed: z.array(reapplied),
}).meta({ id: "SecretChange" });
