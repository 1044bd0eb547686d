// Errors of the Azure SDK → ProviderError, with words a developer can act on. Messages carry Azure's
// error code and message and never a credential; the SDK error is not attached as `cause`, because its
// request object holds the Authorization header.
import { ProviderError } from "@/providers/errors";

/** The parts of core-rest-pipeline's RestError this mapper reads (matched by shape: that package is not a direct dependency). */
interface AzureRestError extends Error {
  name: "RestError";
  code?: string;
  statusCode?: number;
  response?: { parsedBody?: { error?: { target?: string } } };
}

function isRestError(error: unknown): error is AzureRestError {
  return error instanceof Error && error.name === "RestError";
}

export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}

/** core-lro's failure of an operation that Azure accepted and then reported as Failed (a plain Error). */
export function isOperationFailure(error: unknown): error is Error {
  return error instanceof Error && error.message.startsWith("The long-running operation has failed");
}

/** Azure's `code` for a group busy with an earlier operation: retrying later helps. */
export function isTransitioning(error: unknown): boolean {
  return isRestError(error) && error.code === "ContainerGroupTransitioning";
}

/** Which spec field an Azure error is about, from its `target` (a JSON path in the request) or its code. */
function fieldOf(error: AzureRestError): string | undefined {
  const clue = `${error.response?.parsedBody?.error?.target ?? ""} ${error.code ?? ""}`;
  const fields: [RegExp, string][] = [
    [/memoryInGB/i, "memoryMiB"],
    [/\bcpu\b/i, "cpu"],
    [/image/i, "image"],
    [/environmentVariable/i, "env"],
    [/probe/i, "healthCheckPath"],
    [/port/i, "port"],
    [/tags?\b|Tag/, "labels"],
    [/subnet|ipAddress/i, "ingress"],
    [/location/i, "coordinates.region"],
    [/ContainerGroupName|^name$/i, "name"],
  ];
  return fields.find(([pattern]) => pattern.test(clue))?.[1];
}

/**
 * `action` completes "while …", e.g. `creating or updating container group "web" in resource group "prod"`.
 * Errors that are not the SDK's (bugs) are returned unchanged.
 */
export function mapAzureError(error: unknown, action: string): unknown {
  if (error instanceof ProviderError) return error;
  if (error instanceof Error && error.name === "AbortError") {
    return new ProviderError("unavailable", `Azure did not answer in time while ${action}`);
  }
  if (isOperationFailure(error)) return new ProviderError("unavailable", `Azure reported a failure while ${action}: ${error.message}`);
  if (!isRestError(error)) return error;

  const status = error.statusCode;
  const said = `${error.message}${error.code ? ` (${error.code})` : ""}`;
  if (status === undefined) {
    return new ProviderError("unavailable", `Could not reach Azure while ${action}: the connection failed (${error.code ?? "no answer"})`);
  }
  if (status === 401) return new ProviderError("credentials", `Azure rejected the access token of this target while ${action}: ${said}`);
  if (status === 403) return new ProviderError("credentials", `The identity of this target may not do this in Azure (${action}): ${said}`);
  if (status === 429) return new ProviderError("throttled", `Azure throttled the requests of this target while ${action}; try again shortly: ${said}`);
  if (/quota/i.test(error.code ?? "")) return new ProviderError("quota", `An Azure quota of this subscription is used up (${action}): ${said}`);
  if (error.code === "ContainerGroupTransitioning") {
    return new ProviderError("unavailable", `The container group is still busy with an earlier operation while ${action}; try again shortly: ${said}`);
  }
  if (status === 404) return new ProviderError("not-found", `Azure found nothing while ${action}: ${said}`);
  if (status === 409) return new ProviderError("conflict", `Azure refused a conflicting change while ${action}: ${said}`);
  if (status >= 500 || status === 408) return new ProviderError("unavailable", `Azure failed (HTTP ${status}) while ${action}: ${said}`);
  return new ProviderError("invalid", `Azure rejected the request while ${action}: ${said}`, fieldOf(error));
}
