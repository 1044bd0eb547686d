import { z } from "zod";
import { BaseImageStatus, DeploymentStatus } from "@/server/db/generated/enums";

/** A live deployment and the revision whose base image it runs. */
const runningDeploymentView = z.object({
  id: z.string(),
  status: z.enum(DeploymentStatus),
  revision: z.number().int(),
  app: z.object({ id: z.string(), name: z.string() }),
  team: z.object({ id: z.string(), name: z.string() }),
  target: z.string(),
});

/** "What runs on what": every catalog image with the live deployments running it (catalog.runsOn). */
export const runsOnView = z.array(
  z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.string(),
      status: z.enum(BaseImageStatus),
      endOfLife: z.date().nullable(),
      successor: z.object({ name: z.string(), version: z.string() }).nullable(),
      deployments: z.array(runningDeploymentView),
    })
    .meta({ id: "ImageRunsOn" }),
);
export type RunsOnView = z.infer<typeof runsOnView>;
