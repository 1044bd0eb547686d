import { z } from "zod";

// What targets.list answers (never credentials): checked on the way out, and the OpenAPI document's description.

export const targetView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string().meta({ description: "aws-ecs, azure-aci or gcp-cloud-run" }),
  region: z.string(),
  coordinates: z.unknown().meta({ description: "The provider's coordinates (cluster, resource group, project…); never secret" }),
  labels: z.unknown().meta({ description: "Placement labels, e.g. {\"residency\": \"eu\", \"zone\": \"private\"}" }),
  sandbox: z.boolean(),
  createdAt: z.date(),
}).meta({ id: "Target" });

export const targetListView = z.array(targetView);
