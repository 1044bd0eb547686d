import { z } from "zod";
import { BaseImageStatus, DataClassification } from "@/server/db/generated/enums";

// What the apps procedures answer: checked on the way out, and the OpenAPI document's description of it.

export const appView = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  description: z.string(),
  classification: z.enum(DataClassification),
  baseImage: z
    .object({
      id: z.string(),
      name: z.string(),
      version: z.string(),
      status: z.enum(BaseImageStatus),
      endOfLife: z.date().nullable(),
      successor: z.object({ id: z.string(), name: z.string(), version: z.string() }).nullable(),
    })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  team: z.object({ slug: z.string(), name: z.string() }),
  can: z
    .object({ edit: z.boolean(), deploy: z.boolean(), delete: z.boolean(), classify: z.boolean() })
    .meta({ description: "What the caller may do with the app, as the procedures decide it" }),
}).meta({ id: "App" });

export const appListView = z.array(appView);
