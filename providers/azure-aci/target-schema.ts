// What an operator enters for an Azure Container Instances target: where its container groups go (with the TLS
// infrastructure it offers) and the service principal Bulkhead signs in as. Imports only zod and the shared fields,
// so the types below, which the registry's unions are made of, never depend on the registry.
import { z } from "zod";
import { nonEmpty, optionalText, optionalUrl, region, text } from "../target-schema-fields";

const httpsUrl = (what: string) => z.string().trim().max(2048, `${what}: at most 2048 characters`).url(`${what} must be a URL`).startsWith("https://", `${what} must be an https:// URL`);
const azureResourceId = (what: string) => z.string().trim().max(1024, `${what}: at most 1024 characters`).startsWith("/subscriptions/", `${what} is an Azure resource id (/subscriptions/…)`);

export const azureCoordinates = z.object({
  kind: z.literal("azure-aci"),
  region,
  subscriptionId: z.uuid("Subscription id is a GUID"),
  resourceGroup: nonEmpty("Resource group"),
  /** VNet subnet delegated to container groups, with its NSG: private placement, links and egress rules need it. */
  subnetId: azureResourceId("Subnet id").optional(),
  /** TLS sidecar the target approves: image pinned by digest, certificate in Key Vault, identity that reads it. */
  tlsSidecar: z
    .object({
      image: z
        .string()
        .trim()
        .max(512, "Sidecar image: at most 512 characters")
        .regex(/^[\w.-]+(?::\d+)?\/[\w./-]+@sha256:[0-9a-f]{64}$/, "Sidecar image must be pinned by digest (registry/name@sha256:…)"),
      certificateUrl: httpsUrl("Certificate URL"),
      clientCaUrl: httpsUrl("Client CA URL"),
      identityId: azureResourceId("Identity id"),
    })
    .optional(),
});
export type AzureCoordinates = z.output<typeof azureCoordinates>;

const guid = (what: string) => z.string().trim().max(36, `${what} is a GUID`).regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `${what} is a GUID`);

/**
 * A service principal (app registration) whose tokens @azure/identity obtains and renews itself: a client secret or a
 * PEM holding the certificate and its private key. `authorityHost`: sovereign clouds, an emulator; unset,
 * https://login.microsoftonline.com.
 */
export const azureLastingCredentials = z
  .object({
    kind: z.literal("azure-aci"),
    // A GUID, or the tenant's domain (contoso.onmicrosoft.com).
    tenantId: text("Tenant id", 253).regex(/^[0-9a-zA-Z][0-9a-zA-Z.-]*$/, "Tenant id: the directory's GUID or its domain name"),
    clientId: guid("Client id"),
    clientSecret: optionalText("Client secret", 1024).optional(),
    clientCertificate: optionalText("Client certificate", 16_384, [
      /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----|-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/,
      "Client certificate: a PEM with the certificate and its private key",
    ]).optional(),
    authorityHost: optionalUrl("Authority host", "https://login.microsoftonline.com").optional(),
  })
  .refine((credentials) => Boolean(credentials.clientSecret) !== Boolean(credentials.clientCertificate), {
    path: ["clientSecret"],
    message: "Give either a client secret or a client certificate",
  });
export type AzureServicePrincipal = z.output<typeof azureLastingCredentials>;

/** What the adapter accepts: a service principal, or a bearer token obtained elsewhere (the adapter's own tests). */
export type AzureCredentials = AzureServicePrincipal | { kind: "azure-aci"; accessToken: string };
