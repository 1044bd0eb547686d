// Kubernetes through the official client (@kubernetes/client-node). apply makes the team's namespace (Pod Security
// restricted, default-deny NetworkPolicies), reads the target's ingress class and TLS secret back, then server-side
// applies the app's Secret, Deployment, Service, Ingress and NetworkPolicies and prunes what an earlier spec had and
// this one does not; status follows the Deployment's rollout; observe reads it all back; destroy deletes the app's
// objects by label, and the namespace once no app is left in it. logs reads the pods' logs (./logs.ts); events lists
// the Events about the app's Deployment, ReplicaSets and pods (./events.ts).
import { setTimeout as sleep } from "node:timers/promises";
import type { CoreV1Event, V1Deployment, V1Ingress, V1IngressClass, V1Pod, V1Secret } from "@kubernetes/client-node";
import { ProviderError } from "../errors";
import { redactSecretValues, requireSecretValues } from "../secrets";
import type { CloudEvent, DeploymentSpec, LogLine, LogQuery, Observation, ProviderAdapter, ResourceRef, ResourceStatus, SecretValues, TargetConnection } from "../types";
import { describePermission, missingPermissions } from "./access-review";
import { clientsOf, type KubernetesClients } from "./client";
import { APP_KINDS, deleteObject, listObjects, networkPolicyOnWire, readObject, serverSideApply, type ObjectKey } from "./cluster-objects";
import { APP_EVENT_KINDS, eventsOf } from "./events";
import { readLogs } from "./logs";
import { toProviderError } from "./map-error";
import { appLabelSelector, CONTAINER_NAME, managedLabelSelector, namespaceOf, parseRefId, refId } from "./naming";
import { observeApp, type ReadObject } from "./observe";
import { readPodLog } from "./pod-log-stream";
import { listStartedPods, watchStartedPods } from "./started-pods";
import { kubernetesCoordinates, objectsOf, validate } from "./plan";
import { NGINX_CONTROLLER } from "./policy-enforcement";
import { watchRollout } from "./rollout-watch";
import { deploymentStatus } from "./status";
import type { KubernetesCoordinates } from "./target-schema";
import { kubernetesDescription } from "./adapter-description";

/**
 * Attempts per piece of work when the target does not say; the job layer retries on top. Ten, as client-go retries a
 * request the API server answers 429 or 5xx with Retry-After (rest.Request's maxRetries): a piece of work here is
 * several requests, and with three a busy API server failed most applies whole.
 */
const DEFAULT_ATTEMPTS = 10;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2_000;
/** How long one status call follows a rollout in progress before it answers "pending". */
const ROLLOUT_WATCH_MS = 3_000;

/**
 * Runs one piece of work with fresh clients and turns client errors into ProviderErrors. The client itself never
 * retries; every piece of work here is idempotent (server-side apply of whole objects, reads, deletes that take "gone"
 * as done), so a throttled or unavailable answer is retried whole, with backoff, up to `connection.maxAttempts`.
 */
async function withClients<T>(connection: TargetConnection, action: string, work: (clients: KubernetesClients) => Promise<T>): Promise<T> {
  const clients = clientsOf(connection);
  const attempts = Math.max(1, connection.maxAttempts ?? DEFAULT_ATTEMPTS);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(clients);
    } catch (error) {
      const mapped = toProviderError(error, { connection, action });
      if (!mapped.retryable || attempt >= attempts) throw mapped;
      await sleep(Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS));
    }
  }
}

const keyOf = (namespace: string, name: string, apiVersion: string, kind: string): ObjectKey => ({ apiVersion, kind, metadata: { name, namespace } });

function refOf(ref: ResourceRef): { namespace: string; name: string } {
  const parsed = parseRefId(ref.id);
  if (!parsed) throw new ProviderError("invalid", `"${ref.id}" is not a Kubernetes resource id (<namespace>/<name>)`, "ref");
  return parsed;
}

/** apply's read-back of what the target declares, before the app's objects: refusals in words, none when fine. */
async function ingressProblems(clients: KubernetesClients, spec: DeploymentSpec, c: KubernetesCoordinates): Promise<string[]> {
  if (spec.ingress !== "public" || !c.ingress) return [];
  const namespace = namespaceOf(spec, c);
  const problems: string[] = [];
  const ingressClass = await readObject<V1IngressClass>(clients.objects, { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: c.ingress.className } });
  if (!ingressClass) problems.push(`the cluster has no IngressClass ${c.ingress.className}`);
  else if (spec.policy?.encryption?.httpRedirectToHttps && ingressClass.spec?.controller !== NGINX_CONTROLLER) {
    problems.push(`IngressClass ${c.ingress.className} is served by ${ingressClass.spec?.controller ?? "no controller"}, not ${NGINX_CONTROLLER}, so HTTP is not known to be redirected to HTTPS`);
  }
  const secret = await readObject<V1Secret>(clients.objects, keyOf(namespace, c.ingress.tlsSecretName, "v1", "Secret"));
  if (!secret) problems.push(`namespace ${namespace} has no TLS secret ${c.ingress.tlsSecretName}: copy the target's certificate there (kubectl create secret tls ${c.ingress.tlsSecretName} -n ${namespace} --cert=… --key=…)`);
  else if (secret.type !== "kubernetes.io/tls") problems.push(`secret ${namespace}/${c.ingress.tlsSecretName} is of type ${secret.type ?? "Opaque"}, not kubernetes.io/tls`);
  return problems;
}

/** Deletes the app's objects of the kinds it owns that `keep` does not name: what an earlier spec made and this one does not. */
async function prune(clients: KubernetesClients, namespace: string, name: string, keep: Set<string>): Promise<void> {
  for (const { apiVersion, kind } of APP_KINDS) {
    for (const found of await listObjects(clients.objects, apiVersion, kind, namespace, appLabelSelector(name))) {
      const objectName = found.metadata?.name;
      if (objectName && !keep.has(`${kind}/${objectName}`)) await deleteObject(clients.objects, keyOf(namespace, objectName, apiVersion, kind));
    }
  }
}

/** Where the app answers: its Ingress host over HTTPS, else its Service inside the cluster. */
function urlOf(ingress: V1Ingress | null, deployment: V1Deployment, namespace: string, name: string): string {
  const host = ingress?.spec?.rules?.[0]?.host;
  if (host) return `${ingress?.spec?.tls?.length ? "https" : "http"}://${host}`;
  const port = deployment.spec?.template?.spec?.containers?.[0]?.ports?.[0]?.containerPort;
  return `http://${name}.${namespace}.svc${port ? `:${port}` : ""}`;
}

/** The app's log, oldest first: its pods' containers through pods/log, with the query applied (./logs.ts). */
async function* appLogs(ref: ResourceRef, connection: TargetConnection, query: LogQuery): AsyncGenerator<LogLine> {
  const { namespace, name } = refOf(ref);
  const action = `read the logs of ${name} in namespace ${namespace}`;
  try {
    const clients = clientsOf(connection);
    yield* readLogs(
      {
        pods: () => listStartedPods(clients.objects, namespace, appLabelSelector(name)),
        watchPods: (resourceVersion, started, signal) => watchStartedPods(clients.config, namespace, appLabelSelector(name), resourceVersion, started, signal),
        read: (pod, options, line, signal) => readPodLog(clients.config, namespace, pod, { ...options, container: CONTAINER_NAME }, line, signal),
      },
      query,
    );
  } catch (error) {
    throw toProviderError(error, { connection, action });
  }
}

export function createKubernetesAdapter(): ProviderAdapter {
  return {
    ...kubernetesDescription,

    /**
     * Server-side apply of whole objects is idempotent: a retried or repeated apply (a redeploy, a rollback to an
     * earlier revision's spec) converges on the same objects, and Kubernetes rolls the pods only when the template changed.
     */
    async apply(spec: DeploymentSpec, connection: TargetConnection, _idempotencyKey: string, secrets?: SecretValues): Promise<ResourceRef> {
      const problems = validate(spec, connection.coordinates);
      if (problems.length) throw new ProviderError("invalid", `Kubernetes cannot run this spec: ${problems.map((p) => p.message).join("; ")}`, String(problems[0].field));
      const values = requireSecretValues(spec, secrets);
      const c = kubernetesCoordinates(connection.coordinates);
      const namespace = namespaceOf(spec, c);
      const objects = objectsOf(spec, c, values);
      await withClients(connection, `prepare namespace ${namespace}`, async (clients) => {
        for (const object of objects.namespace) await serverSideApply(clients.objects, object);
      });
      const refused = await withClients(connection, `read the ingress of ${spec.name} back`, (clients) => ingressProblems(clients, spec, c));
      if (refused.length) throw new ProviderError("invalid", `The target's ingress does not enforce what the plan says, so ${spec.name} was not deployed: ${refused.join("; ")}`, "coordinates.ingress");
      for (const object of objects.app) {
        try {
          await withClients(connection, `apply ${object.kind} ${namespace}/${object.metadata.name}`, (clients) => serverSideApply(clients.objects, object));
        } catch (error) {
          // The Secret's request held the values: whatever the server echoed back is redacted, and the error has no cause.
          if (!(error instanceof ProviderError) || object.kind !== "Secret") throw error;
          throw new ProviderError(error.kind, redactSecretValues(error.message, values), error.field);
        }
      }
      await withClients(connection, `remove what ${spec.name} no longer has`, (clients) => prune(clients, namespace, spec.name, new Set(objects.app.map((o) => `${o.kind}/${o.metadata.name}`))));
      return { kind: "kubernetes", id: refId(namespace, spec.name), name: spec.name };
    },

    async status(ref: ResourceRef, connection: TargetConnection): Promise<ResourceStatus> {
      const { namespace, name } = refOf(ref);
      return withClients(connection, `read Deployment ${namespace}/${name}`, async (clients) => {
        const read = await readObject<V1Deployment>(clients.objects, keyOf(namespace, name, "apps/v1", "Deployment"));
        if (!read) return { phase: "absent", message: `Kubernetes has no Deployment ${name} in namespace ${namespace}` };
        const podsOf = () => listObjects<V1Pod>(clients.objects, "v1", "Pod", namespace, appLabelSelector(name));
        const settled = (deployment: V1Deployment) => deploymentStatus(deployment, []).phase !== "pending";
        // Still rolling out: follow it for a moment rather than answer "pending" and be asked again.
        const deployment = settled(read) ? read : ((await watchRollout(clients.config, read, settled, ROLLOUT_WATCH_MS)) ?? read);
        const ingress = await readObject<V1Ingress>(clients.objects, keyOf(namespace, name, "networking.k8s.io/v1", "Ingress"));
        return deploymentStatus(deployment, await podsOf(), urlOf(ingress, deployment, namespace, name));
      });
    },

    async observe(spec: DeploymentSpec, ref: ResourceRef, connection: TargetConnection): Promise<Observation> {
      const c = kubernetesCoordinates(connection.coordinates);
      const { namespace, name } = refOf(ref);
      return withClients(connection, `read ${name} back`, async ({ objects }) => {
        const read = <T extends ReadObject>(apiVersion: string, kind: string) => readObject<T & ReadObject>(objects, keyOf(namespace, name, apiVersion, kind));
        return observeApp(
          {
            namespace: await readObject<ReadObject>(objects, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }),
            deployment: await read("apps/v1", "Deployment"),
            service: await read("v1", "Service"),
            ingress: await read("networking.k8s.io/v1", "Ingress"),
            networkPolicies: (await listObjects<ReadObject>(objects, "networking.k8s.io/v1", "NetworkPolicy", namespace, managedLabelSelector())).map(networkPolicyOnWire),
          },
          spec,
          c,
        );
      });
    },

    logs: appLogs,

    /** The Events of the app's objects, listed per kind (involvedObject.kind) and matched by name. */
    async events(ref: ResourceRef, connection: TargetConnection): Promise<CloudEvent[]> {
      const { namespace, name } = refOf(ref);
      return withClients(connection, `list the events of ${name} in namespace ${namespace}`, async ({ objects }) => {
        const lists = await Promise.all(
          APP_EVENT_KINDS.map(async (kind) => {
            const selector = kind === "Deployment" ? `involvedObject.kind=${kind},involvedObject.name=${name}` : `involvedObject.kind=${kind}`;
            return (await objects.list<CoreV1Event>("v1", "Event", namespace, undefined, undefined, undefined, selector)).items;
          }),
        );
        return eventsOf(name, lists.flat());
      });
    },

    /** The app's objects by its labels; then the namespace, when Bulkhead made it and no other workload is left there (Bulkhead's or anyone's). */
    async destroy(ref: ResourceRef, connection: TargetConnection): Promise<void> {
      const { namespace, name } = refOf(ref);
      await withClients(connection, `delete ${name} from namespace ${namespace}`, async (clients) => {
        await prune(clients, namespace, name, new Set());
        const others = await listObjects(clients.objects, "apps/v1", "Deployment", namespace);
        if (others.length) return;
        const found = await readObject<ReadObject>(clients.objects, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
        if (found?.metadata?.labels?.["app.kubernetes.io/managed-by"] === "bulkhead") await deleteObject(clients.objects, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
      });
    },

    // The server's version, then one SelfSubjectAccessReview per permission the adapter needs: nothing is changed.
    async testConnection(connection: TargetConnection): Promise<string> {
      const c = kubernetesCoordinates(connection.coordinates);
      return withClients(connection, "read the server version and review Bulkhead's permissions", async (clients) => {
        const version = await clients.version.getCode();
        const missing = await missingPermissions(clients.authorization);
        if (missing.length) {
          throw new ProviderError("credentials", `Kubernetes ${version.gitVersion} on cluster "${c.cluster}" answered, but the kubeconfig's user may not: ${missing.map(describePermission).join(", ")}. Grant them in a ClusterRole bound to that user.`, "credentials");
        }
        return `Kubernetes ${version.gitVersion} answered on cluster "${c.cluster}" (${c.region}); the kubeconfig's user may manage namespaces, deployments, services, ingresses, network policies and secrets, and read the pods' logs and events`;
      });
    },
  };
}

export const kubernetesAdapter = createKubernetesAdapter();
