// The TokenCredential an Azure client authenticates with. A service principal's tokens come from Microsoft
// Entra ID through @azure/identity (client secret or certificate), which caches them and asks for a new one
// before the old expires; the credential is kept per process and service principal so that cache lives
// between calls. A static token (the adapters' own tests) is passed on as is.
import { createHash } from "node:crypto";
import type { TokenCredential } from "@azure/core-auth";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import type { AzureServicePrincipal } from "./target-schema";

const credentials = new Map<string, TokenCredential>();

function identityCredential(principal: AzureServicePrincipal, caCertificate: string | undefined): TokenCredential {
  const options = {
    // An authority other than Microsoft's own (an emulator, a private cloud) is taken as given: MSAL would
    // otherwise ask login.microsoftonline.com whether it knows it.
    ...(principal.authorityHost ? { authorityHost: principal.authorityHost, disableInstanceDiscovery: true } : {}),
    // The same trust as for the target's API endpoint (an emulator's certificate); the system's CAs otherwise.
    ...(caCertificate ? { tlsOptions: { ca: caCertificate } } : {}),
    retryOptions: { maxRetries: 2 },
  };
  if (principal.clientCertificate) return new ClientCertificateCredential(principal.tenantId, principal.clientId, { certificate: principal.clientCertificate }, options);
  if (principal.clientSecret) return new ClientSecretCredential(principal.tenantId, principal.clientId, principal.clientSecret, options);
  throw new ProviderError("credentials", `The service principal ${principal.clientId} has neither a client secret nor a certificate`);
}

/** Entra's refusal as a ProviderError: permanent when it refused the principal, retried when it did not answer. */
function withWords(credential: TokenCredential, principal: AzureServicePrincipal): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // Entra's answers carry an AADSTS code and a description; anything else is the network or the library.
        const refused = /AADSTS\d+|invalid_client|unauthorized_client|invalid_request|invalid_scope/.test(message);
        const said = /Description: (.*?)(?: - Correlation ID|$)/s.exec(message)?.[1] ?? message.split("\n")[0];
        throw new ProviderError(
          refused ? "credentials" : "unavailable",
          `Microsoft Entra ID ${refused ? "refused" : "did not answer for"} service principal ${principal.clientId} of tenant ${principal.tenantId}: ${said.trim()}`,
        );
      }
    },
  };
}

export function azureCredential(connection: TargetConnection): TokenCredential {
  const { credentials: given } = connection;
  if (given.kind !== "azure-aci") throw new ProviderError("credentials", `The credentials of this target are for ${given.kind}, not Azure`);
  // A static bearer token: the SDK never looks for managed identities, CLI logins or environment variables.
  if ("accessToken" in given) return { getToken: async () => ({ token: given.accessToken, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const key = createHash("sha256").update(JSON.stringify([given.tenantId, given.clientId, given.clientSecret, given.clientCertificate, given.authorityHost, connection.caCertificate])).digest("hex");
  let credential = credentials.get(key);
  if (!credential) {
    credential = withWords(identityCredential(given, connection.caCertificate), given);
    credentials.set(key, credential);
  }
  return credential;
}
