// The official client (@kubernetes/client-node) for one target: a KubeConfig built from the sealed kubeconfig's
// inline credentials (./kubeconfig.ts), pointed at the target's endpoint and CA when it gives them (a private endpoint,
// the emulator). Nothing is cached between calls: each adapter call builds its own.
import { AuthorizationV1Api, KubeConfig, KubernetesObjectApi, VersionApi } from "@kubernetes/client-node";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import { targetAccessOf } from "./kubeconfig";

export function kubeConfigOf(connection: TargetConnection): KubeConfig {
  const { credentials } = connection;
  if (credentials.kind !== "kubernetes") throw new ProviderError("invalid", `A Kubernetes target needs a kubeconfig, not ${credentials.kind} credentials`, "credentials");
  const access = targetAccessOf(credentials.kubeconfig);
  if (connection.endpoint && !/^https:\/\//.test(connection.endpoint)) throw new ProviderError("invalid", `Kubernetes endpoint "${connection.endpoint}" must be an https:// URL: the API server is only spoken to over TLS`, "endpoint");
  const config = new KubeConfig();
  config.loadFromClusterAndUser(
    {
      name: "target",
      server: connection.endpoint ?? access.server,
      caData: connection.caCertificate ? Buffer.from(connection.caCertificate).toString("base64") : access.caData,
      tlsServerName: access.tlsServerName,
      skipTLSVerify: false,
    },
    { name: "bulkhead", token: access.token, certData: access.certData, keyData: access.keyData },
  );
  return config;
}

export interface KubernetesClients {
  /** For watches, which take the configuration rather than a typed client. */
  config: KubeConfig;
  objects: KubernetesObjectApi;
  authorization: AuthorizationV1Api;
  version: VersionApi;
}

export function clientsOf(connection: TargetConnection): KubernetesClients {
  const config = kubeConfigOf(connection);
  return {
    config,
    objects: KubernetesObjectApi.makeApiClient(config),
    authorization: config.makeApiClient(AuthorizationV1Api),
    version: config.makeApiClient(VersionApi),
  };
}

/** What of the credentials must never appear in a message: the token and the client key. */
export function credentialSecrets(connection: TargetConnection): string[] {
  if (connection.credentials.kind !== "kubernetes") return [];
  try {
    const access = targetAccessOf(connection.credentials.kubeconfig);
    return [access.token, access.keyData].filter((value): value is string => !!value);
  } catch {
    return [];
  }
}
