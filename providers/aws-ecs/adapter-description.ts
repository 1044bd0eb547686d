// What the AWS ECS adapter says without calling AWS (../lazy-adapter.ts): kept apart from ./adapter.ts, so the
// registry holds it without loading the AWS SDKs.
import type { AdapterDescription } from "../lazy-adapter";
import { FARGATE_MAX_MEMORY_MIB } from "./fargate";
import { plan, validate } from "./plan";
import { policyCapabilities } from "./policy-enforcement";

export const awsEcsDescription: AdapterDescription = {
  kind: "aws-ecs",
  displayName: "AWS ECS on Fargate",
  // TLS ingress needs a load balancer listener the target would provide; ECS never scales to zero.
  capabilities: { managedTls: false, privateIngress: true, scaleToZero: false, maxCpu: 16, maxMemoryMiB: FARGATE_MAX_MEMORY_MIB, policy: policyCapabilities },
  validate,
  plan,
};
