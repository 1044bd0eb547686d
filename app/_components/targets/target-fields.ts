import type { ProviderKind } from "@/providers/types";

/** What the target form asks for, per provider: [field path in createTargetInput, label, kind of input]. */
export const targetFields: Record<ProviderKind, [path: string, label: string, input: "text" | "list" | "secret"][]> = {
  "aws-ecs": [
    ["coordinates.cluster", "ECS cluster", "text"],
    ["coordinates.subnets", "Subnets (comma-separated)", "list"],
    ["coordinates.securityGroups", "Security groups (comma-separated)", "list"],
    ["coordinates.executionRoleArn", "Task execution role ARN", "text"],
    ["credentials.accessKeyId", "Access key id", "text"],
    ["credentials.secretAccessKey", "Secret access key", "secret"],
  ],
  "azure-aci": [
    ["coordinates.subscriptionId", "Subscription id", "text"],
    ["coordinates.resourceGroup", "Resource group", "text"],
    ["credentials.accessToken", "Access token", "secret"],
  ],
  "gcp-cloud-run": [
    ["coordinates.projectId", "Project id", "text"],
    ["credentials.accessToken", "Access token", "secret"],
  ],
};
