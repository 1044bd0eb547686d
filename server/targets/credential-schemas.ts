import { z } from "zod";

// The credentials an operator gives a target: ones that last, so a target registered once keeps deploying.
// AWS: an access key, optionally assuming an IAM role (with an external id) whose sessions are renewed;
// Azure: a service principal (client secret or certificate); Google Cloud: a service account key file.
// Static access tokens, which expire within the hour, are not accepted.

/** Left out and left empty read the same to the person filling in the form: "… is required". */
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what}: at most ${max} characters`);
const optionalUrl = (what: string, example: string) =>
  z.union([
    z.literal("").transform(() => undefined),
    z
      .string()
      .trim()
      .max(2048, `${what}: at most 2048 characters`)
      .url(`${what} must be a URL like ${example}`)
      .refine((url) => /^https?:\/\//.test(url), `${what} must be an http:// or https:// URL`),
  ]);
const optionalText = (what: string, max: number, pattern?: [RegExp, string]) =>
  z.union([z.literal("").transform(() => undefined), pattern ? text(what, max).regex(...pattern) : text(what, max)]);

const awsCredentials = z.object({
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

const guid = (what: string) => z.string().trim().max(36, `${what} is a GUID`).regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `${what} is a GUID`);

const azureCredentials = z
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

const gcpCredentials = z.object({
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

export const targetCredentials = z.discriminatedUnion("kind", [awsCredentials, azureCredentials, gcpCredentials]);
export type TargetCredentialsInput = z.infer<typeof targetCredentials>;
