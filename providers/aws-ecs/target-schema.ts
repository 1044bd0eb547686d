// What an operator enters for an ECS target: where its deployments go (coordinates, with the TLS infrastructure it
// offers) and the lasting credentials Bulkhead calls AWS with. Imports only zod and the shared fields, so the types
// below, which the registry's unions are made of, never depend on the registry.
import { z } from "zod";
import { nonEmpty, optionalText, optionalUrl, region, text } from "../target-schema-fields";

const arn = (service: string, what: string) =>
  z
    .string()
    .trim()
    .max(2048, `${what}: at most 2048 characters`)
    .regex(new RegExp(`^arn:aws[\\w-]*:${service}:[a-z0-9-]*:\\d{12}:.+$`), `${what} must be an ARN like arn:aws:${service}:…`);

export const awsCoordinates = z.object({
  kind: z.literal("aws-ecs"),
  region,
  cluster: nonEmpty("Cluster"),
  subnets: z.array(nonEmpty("Subnet")).min(1, "At least one subnet is required").max(16, "At most 16 subnets"),
  securityGroups: z.array(nonEmpty("Security group")).min(1, "At least one security group is required").max(5, "At most 5 security groups"),
  executionRoleArn: z
    .string()
    .max(2048, "Execution role: at most 2048 characters")
    .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "Execution role must be an IAM role ARN"),
  // The TLS infrastructure the target offers, optional: without it deploys that need it are refused, naming the setting.
  /** HTTPS listener of the target's load balancer, for ingress TLS; its ELB security policy sets the TLS versions. */
  httpsListener: z
    .object({
      listenerArn: arn("elasticloadbalancing", "Listener"),
      sslPolicy: z
        .string()
        .trim()
        .max(128, "ELB security policy: at most 128 characters")
        .regex(/^ELBSecurityPolicy-[\w-]+$/, "ELB security policy looks like ELBSecurityPolicy-TLS13-1-2-2021-06"),
      redirectsHttp: z.boolean().default(false),
    })
    .optional(),
  /** Service Connect namespace and the Private CA that issues its TLS certificates (service-to-service TLS). */
  serviceConnect: z
    .object({ namespace: nonEmpty("Namespace"), privateCaArn: arn("acm-pca", "Private CA"), kmsKeyArn: arn("kms", "KMS key"), tlsRoleArn: arn("iam", "TLS role") })
    .optional(),
});
export type AwsCoordinates = z.output<typeof awsCoordinates>;

/**
 * An access key, used as is, or as the identity that assumes `assumeRole` through STS; the role's temporary credentials
 * are renewed before they expire (./credentials.ts). `stsEndpoint`: a private endpoint or an emulator; unset, the
 * regional sts.<region>.amazonaws.com.
 */
export const awsLastingCredentials = z.object({
  kind: z.literal("aws-ecs"),
  accessKeyId: text("Access key id", 128).regex(/^[A-Z0-9]{16,128}$/, "Access key id: 16–128 capital letters and digits (AKIA…)"),
  secretAccessKey: text("Secret access key", 128),
  assumeRole: z
    .object({
      roleArn: z
        .string()
        .trim()
        .max(2048, "Role ARN: at most 2048 characters")
        .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "Role ARN looks like arn:aws:iam::123456789012:role/deployer"),
      // AWS: 2–1224 characters of [\w+=,.@:/-].
      externalId: optionalText("External id", 1224, [/^[\w+=,.@:/-]{2,}$/, "External id: 2–1224 letters, digits and +=,.@:/-"]).optional(),
      sessionName: optionalText("Session name", 64, [/^[\w+=,.@-]{2,}$/, "Session name: 2–64 letters, digits and +=,.@-"]).optional(),
    })
    .optional(),
  stsEndpoint: optionalUrl("STS endpoint", "https://sts.eu-west-1.amazonaws.com").optional(),
});

/** What the adapter accepts: lasting credentials, or a key that is itself temporary (tests against the emulators; targets never store one). */
export type AwsCredentials = z.output<typeof awsLastingCredentials> & { sessionToken?: string };
