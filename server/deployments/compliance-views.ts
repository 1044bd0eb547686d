import { z } from "zod";
import { DeploymentStatus } from "@/server/db/generated/enums";

/** A live deployment that the catalog and policy (today's, or one about to be saved) would refuse, and why. */
export const flaggedDeploymentView = z
  .object({
    id: z.string(),
    status: z.enum(DeploymentStatus),
    app: z.object({ id: z.string(), name: z.string() }),
    target: z.string(),
    reasons: z.array(z.string()),
  })
  .meta({ id: "FlaggedDeployment" });
export type FlaggedDeployment = z.infer<typeof flaggedDeploymentView>;

export const nonCompliantView = z.array(flaggedDeploymentView);

/** Why one deployment would be refused today; empty when it complies. */
export const deploymentComplianceView = z.object({ reasons: z.array(z.string()) });

/** What saving a platform policy would flag that today's lets run, and how many are flagged already. */
export const platformPolicyImpactView = z.object({ affected: z.array(flaggedDeploymentView), alreadyNonCompliant: z.number().int() });
