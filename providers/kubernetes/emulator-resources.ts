// What every write goes through before the store, in the API server's order
// (https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#what-does-each-admission-controller-do):
// the object is completed from the URL and the live copy (identity, status kept from the status subresource),
// defaulted, validated, admitted (Pod Security), given its generation and field ownership, stored, and then
// handed to the controllers.
import { isDeepStrictEqual } from "node:util";
import { admissionWarning, podRefusal, type PodSecurityJudge } from "./emulator-admission";
import { recordUpdate, serverSideApply } from "./emulator-apply";
import type { DeploymentController } from "./emulator-controller";
import { applyDefaults } from "./emulator-defaults";
import { apiVersionOf, type ResourceType } from "./emulator-discovery";
import { isObject, type Json, type JsonObject } from "./emulator-fields";
import { jsonPatch, mergePatch } from "./emulator-patch";
import { labelSelector } from "./emulator-selectors";
import { alreadyExists, badRequest, deleted, notFound, refuse } from "./emulator-status";
import type { KubeObject, ObjectStore } from "./emulator-store";
import { validateObject } from "./emulator-validate";

/** Kinds whose status is written only by controllers, through the status subresource. */
const STATUS_SUBRESOURCE = new Set(["Deployment", "Pod", "Namespace", "Service", "Ingress"]);
/** Kinds whose metadata.generation counts spec changes (their strategies' PrepareForUpdate). */
const GENERATION = new Set(["Deployment", "Ingress", "NetworkPolicy"]);

export interface Written {
  object: KubeObject;
  created: boolean;
  warning?: string;
}

export interface Target {
  type: ResourceType;
  namespace?: string;
  name: string;
}

const toKube = (value: Json, name: string): KubeObject => {
  if (!isObject(value)) throw badRequest(`the object provided is unrecognized (must be of type ${name})`);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  return { ...value, apiVersion: String(value.apiVersion ?? ""), kind: String(value.kind ?? ""), metadata: { ...metadata, name: String(metadata.name ?? "") } };
};
const asJson = (object: KubeObject): JsonObject => JSON.parse(JSON.stringify(object)) as JsonObject;
const withoutBookkeeping = (object: KubeObject) => {
  const { metadata, status, ...rest } = object;
  void metadata;
  void status;
  return rest;
};

const timeless = (object: KubeObject) => ({ ...object, metadata: { ...object.metadata, managedFields: object.metadata.managedFields?.map((entry) => ({ ...entry, time: "" })) } });

export class Resources {
  private nextIp = 1;

  constructor(
    private readonly store: ObjectStore,
    private readonly controller: DeploymentController,
    private readonly judge: PodSecurityJudge,
  ) {}

  create(target: Omit<Target, "name">, body: Json, manager: string): Written {
    const object = toKube(body, target.type.kind);
    if (!object.metadata.name && typeof object.metadata.generateName === "string") object.metadata.name = `${object.metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
    const full = { ...target, name: object.metadata.name };
    if (this.store.get(target.type.name, target.namespace, object.metadata.name)) throw alreadyExists(target.type.name, target.type.group, object.metadata.name);
    return this.commit(full, undefined, object, manager);
  }

  replace(target: Target, body: Json, manager: string): Written {
    const live = this.live(target);
    const object = toKube(body, target.type.kind);
    const sent = object.metadata.resourceVersion;
    if (sent && sent !== live.metadata.resourceVersion) {
      throw refuse(409, "Conflict", `Operation cannot be fulfilled on ${target.type.group ? `${target.type.name}.${target.type.group}` : target.type.name} "${target.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: target.name, group: target.type.group || undefined, kind: target.type.name });
    }
    if (object.metadata.name !== target.name) throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${target.name})`);
    return this.commit(target, live, object, manager);
  }

  /** Server-side apply: creates when absent; ownership and conflicts per emulator-apply. */
  apply(target: Target, body: Json, manager: string, force: boolean): Written {
    const applied = toKube(body, target.type.kind);
    if (applied.apiVersion !== apiVersionOf(target.type) || applied.kind !== target.type.kind) {
      throw badRequest(`the API version in the data (${applied.apiVersion}) does not match the expected API version (${apiVersionOf(target.type)})`);
    }
    if (applied.metadata.name !== target.name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${target.name})`);
    const live = this.store.get(target.type.name, target.namespace, target.name);
    const merged = serverSideApply(live, applied, manager, force);
    return this.commit(target, live, merged, undefined);
  }

  patch(target: Target, contentType: string, body: Json, manager: string): Written {
    const live = this.live(target);
    const patched = contentType === "application/json-patch+json" ? jsonPatch(asJson(live), body) : mergePatch(asJson(live), body);
    return this.commit(target, live, toKube(patched, target.type.kind), manager);
  }

  remove(target: Target): object {
    const live = this.live(target);
    this.drop(target.type, live);
    return deleted(target.type.name, target.type.group, target.name, live.metadata.uid ?? "");
  }

  removeCollection(type: ResourceType, namespace: string | undefined, selector: string | null): KubeObject[] {
    const matches = labelSelector(selector);
    const gone = this.store.list(type.name, namespace).filter((object) => matches(object.metadata.labels ?? {}));
    for (const object of gone) this.drop(type, object);
    return gone;
  }

  private live(target: Target): KubeObject {
    const live = this.store.get(target.type.name, target.namespace, target.name);
    if (!live) throw notFound(target.type.name, target.type.group, target.name);
    return live;
  }

  /** Deletes an object and what it owns: a namespace's contents, a Deployment's pods. */
  private drop(type: ResourceType, object: KubeObject): void {
    const { name, namespace } = object.metadata;
    if (type.kind === "Namespace") {
      for (const resource of ["deployments", "pods", "services", "secrets", "ingresses", "networkpolicies", "events"]) {
        for (const inside of this.store.list(resource, name)) {
          this.store.remove(resource, name, inside.metadata.name);
          if (resource === "deployments") this.controller.reconcile(name, inside.metadata.name);
        }
      }
    }
    this.store.remove(type.name, namespace, name);
    if (type.kind === "Deployment") this.controller.reconcile(namespace!, name);
  }

  private commit(target: Target, live: KubeObject | undefined, object: KubeObject, manager: string | undefined): Written {
    const { type, namespace, name } = target;
    if (type.namespaced && !live && !this.store.get("namespaces", undefined, namespace!)) throw notFound("namespaces", "", namespace!);
    if (object.metadata.namespace && object.metadata.namespace !== namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata = { ...object.metadata, name, ...(namespace && { namespace }) };
    const { uid, creationTimestamp, resourceVersion, generation, ...metadata } = object.metadata;
    void [uid, creationTimestamp, resourceVersion, generation];
    const kept = live ? Object.fromEntries(Object.entries(live.metadata).filter(([field]) => ["uid", "creationTimestamp", "resourceVersion", "generation"].includes(field))) : {};
    object.metadata = { ...metadata, ...kept, name };
    if (STATUS_SUBRESOURCE.has(type.kind)) {
      if (live?.status !== undefined) object.status = live.status;
      else delete object.status;
    }
    applyDefaults(object, () => `10.96.${Math.floor(this.nextIp / 250)}.${(this.nextIp++ % 250) + 1}`);
    validateObject(type, object);
    const namespaceLabels = namespace ? this.store.get("namespaces", undefined, namespace)?.metadata.labels : undefined;
    const template = type.kind === "Deployment" && isObject(object.spec) && isObject(object.spec.template) ? object.spec.template : undefined;
    const podSpec = type.kind === "Pod" ? object.spec : template?.spec;
    const annotations = type.kind === "Pod" ? object.metadata.annotations : template && isObject(template.metadata) && isObject(template.metadata.annotations) ? (template.metadata.annotations as Record<string, string>) : undefined;
    if (type.kind === "Pod" && isObject(podSpec)) {
      const refusal = podRefusal(this.judge, namespaceLabels, name, podSpec, annotations);
      if (refusal) throw refusal;
    }
    const warning = isObject(podSpec) ? admissionWarning(this.judge, namespaceLabels, podSpec, type.kind !== "Pod", annotations) : undefined;
    if (GENERATION.has(type.kind)) {
      const changed = !live || !isDeepStrictEqual(withoutBookkeeping(live), withoutBookkeeping(object));
      object.metadata.generation = (live?.metadata.generation ?? 0) + (changed ? 1 : 0);
    }
    if (manager) recordUpdate(live, object, manager);
    // A write that changes nothing (an apply only renews its managedFields time) is no change: no new resourceVersion.
    if (live && isDeepStrictEqual(timeless(live), timeless(object))) return { object: live, created: false, warning };
    const stored = live ? this.store.update(type.name, object) : this.store.create(type.name, object);
    if (type.kind === "Deployment") this.controller.reconcile(namespace!, name);
    if (type.kind === "Pod" && !live) this.controller.place(stored);
    const latest = this.store.get(type.name, namespace, name) ?? stored;
    return { object: latest, created: !live, warning };
  }
}
