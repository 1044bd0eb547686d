// The API client: openapi-fetch with the types generated from the server's OpenAPI document (cli/api/openapi.ts),
// so every call is checked against the API's own schemas at compile time. Problem details become CliErrors with
// the exit code their kind calls for.
import createClient from "openapi-fetch";
import type { components, paths } from "../api/openapi";
import type { Config } from "./config";
import { CliError, EXIT } from "./exit";
import { VERSION } from "./version";

export type Schemas = components["schemas"];
export type Api = ReturnType<typeof apiClient>;

export function apiClient(config: Config) {
  return createClient<paths>({
    baseUrl: `${config.url.replace(/\/+$/, "")}/api/v1`,
    headers: { authorization: `Bearer ${config.token}`, "user-agent": `bulkhead-cli/${VERSION}` },
  });
}

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; detail: string }[];
}

const isPolicy = (problem: Problem) => problem.type === "urn:bulkhead:problem:policy-refused";

/** The exit code for an HTTP status and its problem details. */
export function exitCodeOf(status: number, problem: Problem): number {
  if (isPolicy(problem)) return EXIT.policy;
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 400 || status === 415 || status === 413) return EXIT.usage;
  return EXIT.failed;
}

/** The CliError for a refused request, its fields or policy reasons one per line. */
export function problemError(response: Response, body: unknown): CliError {
  const problem: Problem = body && typeof body === "object" ? (body as Problem) : { detail: typeof body === "string" && body ? body.slice(0, 500) : undefined };
  const lines = (problem.errors ?? []).map((e) => (isPolicy(problem) || !e.field ? e.detail : `${e.field}: ${e.detail}`));
  // With one line per field or reason below it, the title says enough; the detail would repeat them.
  const said = lines.length ? (isPolicy(problem) ? "Refused by policy" : (problem.title ?? "Refused")) : (problem.detail ?? problem.title ?? response.statusText);
  return new CliError(`${said} (HTTP ${response.status})`, exitCodeOf(response.status, problem), lines);
}

/** The data of a successful call, or the CliError its problem details call for. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new CliError(`Cannot reach the API: ${(error as Error).message}`, EXIT.failed);
  }
  if (result.response.ok) return result.data as T;
  throw problemError(result.response, result.error);
}
