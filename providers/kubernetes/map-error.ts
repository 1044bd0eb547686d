// Errors of the Kubernetes client become ProviderErrors a developer can act on, keeping the API server's own words: it
// answers every failure with a Status (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/),
// whose `reason` says the kind and `details.causes[].field` the field. A credential never reaches a message.
import { ApiException } from "@kubernetes/client-node";
import { z } from "zod";
import { ProviderError, type ProviderErrorKind } from "../errors";
import type { TargetConnection } from "../types";
import { credentialSecrets } from "./client";

const statusShape = z.object({
  kind: z.literal("Status"),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z.object({ causes: z.array(z.object({ field: z.string().optional(), message: z.string().optional() })).optional() }).optional(),
});
type Status = z.infer<typeof statusShape>;

const KIND_BY_CODE: Partial<Record<number, ProviderErrorKind>> = { 400: "invalid", 401: "credentials", 403: "credentials", 404: "not-found", 409: "conflict", 410: "conflict", 422: "invalid", 429: "throttled" };

/** The object fields of the app's Deployment → the DeploymentSpec field the developer filled in. */
const SPEC_FIELDS: [RegExp, string][] = [
  [/containers\[\d+\]\.image$/, "image"],
  [/resources\.(limits|requests)\.cpu$/, "cpu"],
  [/resources\.(limits|requests)\.memory$/, "memoryMiB"],
  [/containerPort$|ports\[\d+\]\.(port|targetPort)$/, "port"],
  [/containers\[\d+\]\.env/, "env"],
  [/Probe\./, "healthCheckPath"],
  [/spec\.replicas$/, "minInstances"],
  [/^metadata\.name$/, "name"],
  [/metadata\.labels/, "labels"],
];

/** The Status a failed request answered with, when its body is one. */
export function statusOf(error: unknown): Status | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const status = statusShape.safeParse(parsed);
  return status.success ? status.data : undefined;
}

/** The HTTP status of a failed request, or undefined when none came back. */
export const httpCode = (error: unknown) => (error instanceof ApiException ? error.code : undefined);

function fieldOf(status: Status | undefined): string | undefined {
  const path = status?.details?.causes?.find((cause) => cause.field)?.field;
  if (!path) return undefined;
  return SPEC_FIELDS.find(([pattern]) => pattern.test(path))?.[1] ?? path;
}

function kindOf(code: number | undefined, status: Status | undefined, text: string): ProviderErrorKind {
  if (code === undefined) return /certificate|self[- ]signed|TLS|SSL/i.test(text) ? "credentials" : "unavailable";
  // ResourceQuota refusals come as 403 Forbidden with "exceeded quota" (https://kubernetes.io/docs/concepts/policy/resource-quotas/).
  if (code === 403 && /exceeded quota/i.test(status?.message ?? "")) return "quota";
  return KIND_BY_CODE[code] ?? "unavailable";
}

export interface ErrorContext {
  connection: TargetConnection;
  /** What the adapter was doing, as a verb phrase: "apply Deployment web in team-a". */
  action: string;
}

const redact = (text: string, connection: TargetConnection) => credentialSecrets(connection).reduce((out, secret) => out.split(secret).join("[redacted]"), text);

export function toProviderError(error: unknown, { connection, action }: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = httpCode(error);
  const status = statusOf(error);
  // Without a Status (a refused connection, a bad certificate), the error's own message; never the ApiException's, which quotes headers.
  const raw = status?.message ?? (code !== undefined ? `HTTP ${code}${error instanceof ApiException && error.code === 401 ? " Unauthorized" : ""}` : error instanceof Error ? `${error.message}${causeText(error)}` : String(error));
  const detail = redact(raw, connection);
  const kind = kindOf(code, status, detail);
  const where = connection.coordinates.kind === "kubernetes" ? `cluster "${connection.coordinates.cluster}" (${connection.coordinates.region})` : "this target";
  const codeName = code === undefined ? "no answer" : `HTTP ${code}${status?.reason ? ` ${status.reason}` : ""}`;
  const messages: Record<ProviderErrorKind, string> = {
    credentials: `The Kubernetes API server of ${where} refused Bulkhead's credentials when asked to ${action} (${codeName}): ${detail}. Check the target's kubeconfig and that its user may do this (RBAC).`,
    throttled: `The Kubernetes API server of ${where} is rate-limiting requests; could not ${action} this time and will try again: ${detail}`,
    quota: `A ResourceQuota of ${where} is used up, so Kubernetes refused to ${action}: ${detail}`,
    "not-found": `Kubernetes could not ${action}: ${detail}`,
    invalid: `Kubernetes refused to ${action}: ${detail}`,
    conflict: `Kubernetes could not ${action} because of a conflicting change: ${detail}`,
    unavailable: `The Kubernetes API server of ${where} did not complete the request to ${action} (${codeName}): ${detail}`,
  };
  return new ProviderError(kind, messages[kind], kind === "invalid" ? fieldOf(status) : undefined, { cause: error });
}

/** Node's fetch hides the reason (ECONNREFUSED, a certificate error) in `cause`. */
function causeText(error: Error): string {
  const cause: unknown = error.cause;
  return cause instanceof Error && cause.message && !error.message.includes(cause.message) ? ` (${cause.message})` : "";
}
