import type { DataClassification } from "@/server/db/generated/enums";

// Apart from the schemas, so pages and forms can show the names without loading zod.
export const classificationLabels: Record<DataClassification, string> = {
  public: "Public",
  internal: "Internal",
  confidential: "Confidential",
  regulated: "Regulated",
};
