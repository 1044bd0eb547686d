// What an operator enters for a Cloud Run target: where its services go (with the TLS infrastructure it offers) and
// the service account key Bulkhead calls Google Cloud with. Imports only zod and the shared fields, so the types
// below, which the registry's unions are made of, never depend on the registry.
import { z } from "zod";
import { nonEmpty, region, text } from "../target-schema-fields";
import { TLS_VERSIONS } from "../tls-versions";

export const gcpCoordinates = z.object({
  kind: z.literal("gcp-cloud-run"),
  region,
  projectId: z
    .string()
    .max(30, "Project id: 6–30 lowercase letters, digits, hyphens")
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "Project id: 6–30 lowercase letters, digits, hyphens"),
  /** VPC for Direct VPC egress; its firewall policy enforces the egress allow-list. */
  vpc: z.object({ network: nonEmpty("VPC network"), subnetwork: nonEmpty("VPC subnetwork") }).optional(),
  /** External HTTPS load balancer (serverless NEG) in front of public services: the only way to set a minimum TLS version. */
  loadBalancer: z.object({ sslPolicy: nonEmpty("SSL policy"), minTlsVersion: z.enum(TLS_VERSIONS), redirectsHttp: z.boolean().default(false) }).optional(),
});
export type GcpCoordinates = z.output<typeof gcpCoordinates>;

/** The fields of Google's key file Bulkhead relies on; others (auth_uri, client_id, …) may be there too. */
const serviceAccountKeyFile = z.object({
  type: z.literal("service_account", 'The key file is not a service account key ("type" is not "service_account")'),
  client_email: z.email("The key file has no client_email"),
  private_key: z.string().includes("PRIVATE KEY-----", "The key file has no private_key"),
  token_uri: z
    .string()
    .url("The key file's token_uri is not a URL")
    .refine((url) => /^https?:\/\//.test(url), "The key file's token_uri is not an http(s) URL")
    .optional(),
});

/** A service account key file, whose tokens google-auth-library obtains and renews itself; its `token_uri` is where tokens are asked for. */
export const gcpLastingCredentials = z.object({
  kind: z.literal("gcp-cloud-run"),
  serviceAccountKey: text("Service account key", 16_384).superRefine((value, context) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      context.addIssue({ code: "custom", message: "Service account key: paste the key file's JSON as Google Cloud issued it" });
      return;
    }
    const checked = serviceAccountKeyFile.safeParse(parsed);
    if (!checked.success) context.addIssue({ code: "custom", message: `Service account key: ${checked.error.issues[0].message}` });
  }),
});
export type GcpServiceAccount = z.output<typeof gcpLastingCredentials>;

/** What the adapter accepts: a service account key, or a bearer token obtained elsewhere (the adapter's own tests). */
export type GcpCredentials = GcpServiceAccount | { kind: "gcp-cloud-run"; accessToken: string };
