// The defaults the API server fills in on write, for the fields clients read back (pkg/apis/*/v1/defaults.go;
// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#writing-a-deployment-spec,
// https://kubernetes.io/docs/concepts/services-networking/service/, https://kubernetes.io/docs/concepts/configuration/secret/).
import { isObject, type JsonObject } from "./emulator-fields";
import type { KubeObject } from "./emulator-store";

function defaultContainers(podSpec: unknown): void {
  if (!isObject(podSpec)) return;
  podSpec.restartPolicy ??= "Always";
  podSpec.dnsPolicy ??= "ClusterFirst";
  podSpec.schedulerName ??= "default-scheduler";
  podSpec.terminationGracePeriodSeconds ??= 30;
  podSpec.securityContext ??= {};
  for (const container of Array.isArray(podSpec.containers) ? podSpec.containers : []) {
    if (!isObject(container)) continue;
    container.terminationMessagePath ??= "/dev/termination-log";
    container.terminationMessagePolicy ??= "File";
    container.imagePullPolicy ??= typeof container.image === "string" && (container.image.endsWith(":latest") || !/:[^/]+$|@/.test(container.image)) ? "Always" : "IfNotPresent";
    for (const port of Array.isArray(container.ports) ? container.ports : []) if (isObject(port)) port.protocol ??= "TCP";
  }
}

/** Fills defaults in place; `clusterIp` allocates a Service address when it has none. */
export function applyDefaults(object: KubeObject, clusterIp: () => string): void {
  const spec = isObject(object.spec) ? object.spec : undefined;
  switch (object.kind) {
    case "Namespace":
      object.metadata.labels = { ...object.metadata.labels, "kubernetes.io/metadata.name": object.metadata.name };
      object.spec = { finalizers: ["kubernetes"] };
      object.status = { phase: "Active" };
      break;
    case "Deployment": {
      if (!spec) break;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } };
      defaultContainers(isObject(spec.template) ? spec.template.spec : undefined);
      break;
    }
    case "Pod":
      defaultContainers(spec);
      break;
    case "Service": {
      if (!spec) break;
      spec.type ??= "ClusterIP";
      spec.sessionAffinity ??= "None";
      spec.clusterIP ??= clusterIp();
      spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ["IPv4"];
      spec.ipFamilyPolicy ??= "SingleStack";
      spec.internalTrafficPolicy ??= "Cluster";
      for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
        if (!isObject(port)) continue;
        port.protocol ??= "TCP";
        port.targetPort ??= port.port;
      }
      object.status ??= { loadBalancer: {} };
      break;
    }
    case "Secret": {
      object.type ??= "Opaque";
      // stringData is write-only: merged into data and never stored (https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data).
      if (isObject(object.stringData)) {
        const data: JsonObject = isObject(object.data) ? object.data : {};
        for (const [key, value] of Object.entries(object.stringData)) data[key] = Buffer.from(String(value)).toString("base64");
        object.data = data;
        delete object.stringData;
      }
      break;
    }
  }
}
