import type { BaseImageStatus } from "@/server/db/generated/enums";
import type { BaseImageFamily } from "./schemas";

// Apart from the schemas, so pages and forms can show the names (in the schema's order) without loading zod.
export const familyLabels: Record<BaseImageFamily, string> = { os: "Operating system", "app-server": "Application server" };

/** The badge tone of each status, wherever an image's status is shown. */
export const statusTones = { approved: "good", deprecated: "warn", restricted: "warn", revoked: "bad" } as const satisfies Record<BaseImageStatus, string>;

/** What each status means for the apps on an image, in the words pages use. */
export const statusEffects: Record<BaseImageStatus, string> = {
  approved: "",
  deprecated: "deploys still go ahead, with a warning",
  restricted: "deployments already on it may redeploy; no new app, and no deploy to a new target",
  revoked: "deploys are refused",
};
