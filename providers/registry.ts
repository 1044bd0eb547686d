// Provider kind → adapter. Adding a cloud is one folder and one line here.
import { awsEcsAdapter } from "./aws-ecs/adapter";
import { azureAciAdapter } from "./azure-aci/adapter";
import { gcpCloudRunAdapter } from "./gcp-cloud-run/adapter";
import type { ProviderAdapter, ProviderKind } from "./types";

const adapters: Record<ProviderKind, ProviderAdapter> = {
  "aws-ecs": awsEcsAdapter,
  "azure-aci": azureAciAdapter,
  "gcp-cloud-run": gcpCloudRunAdapter,
};

export function adapterFor(kind: string): ProviderAdapter {
  const adapter = adapters[kind as ProviderKind];
  if (!adapter) throw new Error(`No adapter for provider kind "${kind}"`);
  return adapter;
}
