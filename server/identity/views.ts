import { z } from "zod";
import { Role } from "@/server/db/generated/enums";

// What identity.me answers: checked on the way out, and the OpenAPI document's description of it.
export const meView = z
  .object({
    id: z.string(),
    email: z.string().meta({ description: "With an API token, it also names the token" }),
    name: z.string(),
    role: z.enum(Role),
    teams: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
    can: z
      .object({
        curateCatalog: z.boolean(),
        curateSigningKeys: z.boolean(),
        reclassifyApps: z.boolean(),
        seeCatalogImpact: z.boolean(),
        readPolicy: z.boolean(),
        editPolicy: z.boolean(),
        manageTargets: z.boolean(),
        seeTargetConnections: z.boolean(),
        readAudit: z.boolean(),
        exportAudit: z.boolean(),
        administer: z.boolean(),
        createApps: z.boolean(),
        readEveryTeam: z.boolean(),
      })
      .meta({ description: "What the caller may do, as the procedures decide it (server/identity/permissions.ts)" }),
  })
  .meta({ id: "Me" });
