import { makeServiceAccount } from "@/providers/gcp-cloud-run/oauth-emulator";
import { GOOGLE_TOKEN_URI } from "@/providers/gcp-cloud-run/credentials";
import type { TargetCredentialsInput } from "@/server/targets/credential-schemas";

/** The providers these tests register targets on; another provider's tests bring their own credentials. */
type SyntheticKind = "aws-ecs" | "azure-aci" | "gcp-cloud-run";

/** Credentials a target accepts, for tests that register targets without calling their cloud. */
export function syntheticCredentials<Kind extends SyntheticKind>(kind: Kind): Extract<TargetCredentialsInput, { kind: Kind }> {
  const byKind: { [K in SyntheticKind]: () => Extract<TargetCredentialsInput, { kind: K }> } = {
    "aws-ecs": () => ({ kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" }),
    "azure-aci": () => ({ kind: "azure-aci", tenantId: "00000000-0000-4000-8000-0000000000aa", clientId: "00000000-0000-4000-8000-0000000000bb", clientSecret: "test-client-secret" }),
    "gcp-cloud-run": () => ({ kind: "gcp-cloud-run", serviceAccountKey: makeServiceAccount("test-project", "deployer", GOOGLE_TOKEN_URI).keyFile }),
  };
  return byKind[kind]() as Extract<TargetCredentialsInput, { kind: Kind }>;
}
