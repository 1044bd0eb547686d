import { z } from "zod";
import { BaseImageStatus } from "@/server/db/generated/enums";

// What catalog.list answers: checked on the way out, and the OpenAPI document's description of it.

export const baseImageView = z.object({
  id: z.string(),
  family: z.string(),
  name: z.string(),
  version: z.string(),
  reference: z.string(),
  status: z.enum(BaseImageStatus),
  endOfLife: z.date().nullable(),
  notes: z.string(),
  successor: z.object({ id: z.string(), name: z.string(), version: z.string(), status: z.enum(BaseImageStatus) }).nullable(),
  approvedBy: z.object({ email: z.string(), name: z.string() }).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
}).meta({ id: "BaseImage" });

export const baseImageListView = z.array(baseImageView);
