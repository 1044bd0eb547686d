import { RegistryClient, RegistryError, type Credentials } from "@/oci/client/client";

// Whether credentials get into a registry (the distribution API's `GET /v2/`), asked before they are saved so a
// mistyped token is said at once, in the registry's words, rather than at the next deploy.

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)(?::\d+)?$/;

/** Registries on this machine speak plain HTTP (as docker treats 127.0.0.0/8 as insecure); any other, HTTPS. */
export function schemeOf(registry: string): "http" | "https" {
  return LOOPBACK.test(registry) ? "http" : "https";
}

/** A client for one registry with these credentials. */
export function registryClient(registry: string, credentials: Credentials | undefined, timeoutMs = 10_000): RegistryClient {
  return new RegistryClient({ scheme: schemeOf(registry), timeoutMs, credentials: credentials ? { [registry]: credentials } : {} });
}

/** null when the credentials get in; otherwise what the registry (or the network) answered. */
export async function loginProblem(registry: string, credentials: Credentials): Promise<string | null> {
  try {
    await registryClient(registry, credentials).ping(registry);
    return null;
  } catch (error) {
    if (error instanceof RegistryError) return error.message;
    throw error;
  }
}
