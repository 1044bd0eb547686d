// How an ECS target is described to people: the target form's fields (createTargetInput's paths), where its
// deployments live, what it offers for encryption in transit and who its credentials identify. Pure, no SDK.
import type { FormField } from "../provider-descriptor";
import type { AwsCoordinates, AwsCredentials } from "./target-schema";

export const identityFields = ["region", "cluster"] as const;

export const form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] } = {
  coordinates: [
    ["coordinates.cluster", "ECS cluster", "text"],
    ["coordinates.subnets", "Subnets (comma-separated)", "list"],
    ["coordinates.securityGroups", "Security groups (comma-separated)", "list"],
    ["coordinates.executionRoleArn", "Task execution role ARN", "text"],
  ],
  credentials: [
    ["credentials.accessKeyId", "Access key id", "text"],
    ["credentials.secretAccessKey", "Secret access key", "secret"],
    ["credentials.assumeRole.roleArn", "Role to assume (ARN, optional)", "text"],
    ["credentials.assumeRole.externalId", "External id the role requires (optional)", "text"],
    ["credentials.stsEndpoint", "STS endpoint (optional)", "text"],
  ],
  tls: [
    ["coordinates.httpsListener.listenerArn", "HTTPS listener ARN", "text"],
    ["coordinates.httpsListener.sslPolicy", "Listener ELB security policy", "text"],
    ["coordinates.httpsListener.redirectsHttp", "An HTTP listener redirects to HTTPS", "flag"],
    ["coordinates.serviceConnect.namespace", "Service Connect namespace", "text"],
    ["coordinates.serviceConnect.privateCaArn", "Service Connect Private CA ARN", "text"],
    ["coordinates.serviceConnect.kmsKeyArn", "Service Connect KMS key ARN", "text"],
    ["coordinates.serviceConnect.tlsRoleArn", "Service Connect TLS role ARN", "text"],
  ],
};

export function tlsInfrastructure(c: AwsCoordinates): string[] {
  return [
    c.httpsListener && `HTTPS listener (${c.httpsListener.sslPolicy}${c.httpsListener.redirectsHttp ? ", HTTP redirects" : ""})`,
    c.serviceConnect && `Service Connect TLS (${c.serviceConnect.namespace})`,
  ].filter((item): item is string => !!item);
}

const mask = (key: string) => (key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : "…");

export function credentialIdentity(credentials: AwsCredentials): string {
  const role = credentials.assumeRole;
  return `access key ${mask(credentials.accessKeyId)}${role ? ` assuming ${role.roleArn}${role.externalId ? " (external id set)" : ""}` : ""}`;
}
