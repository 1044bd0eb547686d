// AWS ECS on Fargate, as it describes itself to the registry (../provider-module.ts).
import type { ProviderModule } from "../provider-module";
import { lazyAdapter } from "../lazy-adapter";
import { awsEcsDescription } from "./adapter-description";
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
  // The plan sets runtimePlatform LINUX / X86_64 (plan.ts); Fargate runs that platform's images:
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#runtime-platform
  imagePlatform: { os: "linux", architecture: "amd64" },
  enforcementOf,
  adapter: lazyAdapter(awsEcsDescription, async () => (await import("./adapter")).awsEcsAdapter),
  emulator: () => import("./emulator"),
  sandbox: async (context) => (await import("./sandbox")).startAwsSandbox(context),
  files: { emulators: ["aws-ecs/emulator.ts", "aws-ecs/sts-emulator.ts"], planners: ["aws-ecs/plan.ts", "aws-ecs/policy-enforcement.ts", "aws-ecs/target-description.ts"] },
};
