export const providerNames: Record<string, string> = {
  "aws-ecs": "AWS ECS (Fargate)",
  "azure-aci": "Azure Container Instances",
  "gcp-cloud-run": "Google Cloud Run",
};
