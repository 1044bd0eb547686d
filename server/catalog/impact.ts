import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { baseImageSelect } from "./service";

/** A deployment is affected while it runs or is about to: destroyed and destroying ones are not. */
const LIVE = { status: { in: ["queued", "deploying", "running", "failed"] } } satisfies Prisma.DeploymentWhereInput;

/** Per base image, the apps built on it and their live deployments: what a deprecation or revocation touches. */
export function catalogImpact() {
  return db().baseImage.findMany({
    select: {
      ...baseImageSelect,
      apps: {
        select: {
          id: true,
          name: true,
          team: { select: { name: true } },
          deployments: { where: LIVE, select: { id: true, status: true, target: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
        },
        orderBy: { name: "asc" },
      },
    },
    orderBy: [{ family: "desc" }, { name: "asc" }, { version: "asc" }],
  });
}
export type CatalogImpact = Awaited<ReturnType<typeof catalogImpact>>;
