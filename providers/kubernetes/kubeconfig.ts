// A target's kubeconfig, read without the client library's loader: that loader reads files the kubeconfig names
// (token-file, client-certificate, certificate-authority) and runs the commands of `exec` plugins, which would let a
// target's credentials read Bulkhead's disk or run programs on its hosts. Only inline credentials are accepted: a
// bearer token, or a client certificate and key (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/).
import { parse } from "yaml";
import { z } from "zod";
import { ProviderError } from "../errors";

const entries = z.record(z.string(), z.unknown());

/** Keys that make the client read a file or run a program; refused by name. */
const FORBIDDEN_USER_KEYS = ["token-file", "tokenFile", "client-certificate", "client-key", "exec", "auth-provider", "username", "password"];
const FORBIDDEN_CLUSTER_KEYS = ["certificate-authority", "insecure-skip-tls-verify"];

const kubeconfigShape = z.object({
  clusters: z.array(z.object({ name: z.string().min(1), cluster: entries })),
  users: z.array(z.object({ name: z.string().min(1), user: entries })),
  contexts: z.array(z.object({ name: z.string().min(1), context: z.object({ cluster: z.string(), user: z.string(), namespace: z.string().optional() }) })),
  "current-context": z.string().optional(),
});

export interface TargetAccess {
  server: string;
  /** Base64 of the PEM bundle to trust, as kubeconfig's certificate-authority-data. */
  caData?: string;
  tlsServerName?: string;
  token?: string;
  /** Base64 PEM, as kubeconfig's client-certificate-data and client-key-data. */
  certData?: string;
  keyData?: string;
}

const refuse = (message: string) => new ProviderError("credentials", `The target's kubeconfig ${message}`, "credentials.kubeconfig");
const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** The current context's cluster and user, inline only; a ProviderError saying what is missing or refused otherwise. */
export function targetAccessOf(kubeconfig: string): TargetAccess {
  let document: unknown;
  try {
    document = parse(kubeconfig);
  } catch {
    // The parser's message quotes the text, which holds the credentials.
    throw refuse("is neither YAML nor JSON");
  }
  const shape = kubeconfigShape.safeParse(document);
  if (!shape.success) throw refuse(`lacks clusters, users or contexts as kubectl writes them (${shape.error.issues[0].path.join(".")}: ${shape.error.issues[0].message})`);
  const config = shape.data;
  const contextName = config["current-context"] ?? config.contexts[0]?.name;
  const context = config.contexts.find((c) => c.name === contextName)?.context;
  if (!context) throw refuse(`has no context "${contextName ?? ""}"`);
  const cluster = config.clusters.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw refuse(`has no cluster "${context.cluster}" for context "${contextName}"`);
  const user = config.users.find((u) => u.name === context.user)?.user;
  if (!user) throw refuse(`has no user "${context.user}" for context "${contextName}"`);

  const userFiles = FORBIDDEN_USER_KEYS.filter((key) => key in user);
  if (userFiles.length) throw refuse(`user "${context.user}" uses ${userFiles.join(", ")}: Bulkhead takes only an inline token or client-certificate-data with client-key-data`);
  const clusterFiles = FORBIDDEN_CLUSTER_KEYS.filter((key) => key in cluster && cluster[key] !== false);
  if (clusterFiles.length) throw refuse(`cluster "${context.cluster}" uses ${clusterFiles.join(", ")}: give certificate-authority-data (or the target's CA certificate) instead`);

  const server = text(cluster.server);
  if (!server || !/^https:\/\//.test(server)) throw refuse(`cluster "${context.cluster}" has no https:// server`);
  const token = text(user.token);
  const certData = text(user["client-certificate-data"]);
  const keyData = text(user["client-key-data"]);
  if (!token && !(certData && keyData)) throw refuse(`user "${context.user}" has neither a token nor client-certificate-data with client-key-data`);
  return { server, caData: text(cluster["certificate-authority-data"]), tlsServerName: text(cluster["tls-server-name"]), token, certData, keyData };
}
