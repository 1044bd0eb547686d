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
  })
  .meta({ id: "Me" });
