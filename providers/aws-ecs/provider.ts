// AWS ECS on Fargate, as it describes itself to the registry (../provider-module.ts).
import type { ProviderModule } from "../provider-module";
import { awsEcsAdapter } from "./adapter";
import { enforcementOf } from "./policy-enforcement";
import { credentialIdentity, form, identityFields, tlsInfrastructure } from "./target-description";
import { awsCoordinates, awsLastingCredentials, type AwsCredentials } from "./target-schema";

export const awsEcs: ProviderModule<"aws-ecs", typeof awsCoordinates, typeof awsLastingCredentials, AwsCredentials> = {
  kind: "aws-ecs",
  displayName: "AWS ECS (Fargate)",
  coordinates: awsCoordinates,
  identityFields,
  credentials: awsLastingCredentials,
  credentialIdentity,
  form,
  tlsInfrastructure,
  enforcementOf,
  adapter: awsEcsAdapter,
  emulator: () => import("./emulator"),
  sandbox: async (context) => (await import("./sandbox")).startAwsSandbox(context),
  files: { emulators: ["aws-ecs/emulator.ts", "aws-ecs/sts-emulator.ts"], planners: ["aws-ecs/plan.ts", "aws-ecs/policy-enforcement.ts", "aws-ecs/target-description.ts"] },
};
