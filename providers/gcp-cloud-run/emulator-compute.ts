// Compute Engine's global load-balancing resources over REST, as compute.googleapis.com/compute/v1 serves them: SSL
// policies, URL maps, target HTTP(S) proxies and global forwarding rules — insert, get, list, delete, SSL policy patch
// and a proxy's setSslPolicy. What Compute answers (https://cloud.google.com/compute/docs/reference/rest/v1):
// - a change is an Operation (`compute#operation`); here every one is DONE when answered;
// - a reference to a resource that does not exist: 404 notFound "The resource '…' was not found";
// - a second resource of the same name: 409 alreadyExists "The resource '…' already exists";
// - deleting a resource another one uses: 400 resourceInUseByAnotherResource "The … resource '…' is already being
//   used by '…'";
// - patching an SSL policy needs its current fingerprint: "otherwise the request will fail with error 412
//   conditionNotMet".
// Backend services, NEGs and certificates are not emulated: those references are kept as given.
import { randomBytes, randomUUID } from "node:crypto";
import { COLLECTIONS, type Collection, insertRules, invalidField, KINDS, REFERENCES, sslPolicyRules } from "./emulator-compute-rules";
import { RestError, type RestRoute } from "./emulator-rest";

type Resource = Record<string, unknown> & { name: string; selfLink: string; fingerprint: string };

/** Compute's selfLinks name the www.googleapis.com host whatever endpoint served them. */
const SELF = "https://www.googleapis.com/compute/v1/";
/** A reference as Compute takes it: a full URL, or a partial one such as `projects/p/global/sslPolicies/x` or `global/sslPolicies/x`. */
const REFERENCE = /^(?:https:\/\/[^/]+\/compute\/v1\/)?(?:projects\/([^/]+)\/)?global\/([A-Za-z]+)\/([^/]+)$/;
/** List pages: "maxResults … Acceptable values are 0 to 500, inclusive. (Default: 500)". */
const PAGE_MAX = 500;

const path = (project: string, collection: Collection, name: string) => `projects/${project}/global/${collection}/${name}`;
const fingerprint = () => randomBytes(8).toString("base64");
const notFound = (resourcePath: string) => new RestError(404, "NOT_FOUND", `The resource '${resourcePath}' was not found`, "notFound");

export interface ComputeSnapshot {
  resources: Record<string, Resource>;
  nextAddress: number;
}

export class ComputeStore {
  /** By path (`projects/p/global/sslPolicies/x`). */
  private readonly resources = new Map<string, Resource>();
  /** The next ephemeral address a forwarding rule without one gets (from 203.0.113.0/24, documentation space). */
  private nextAddress = 10;

  constructor(private readonly changed: () => void) {}

  insert(project: string, collection: Collection, body: Record<string, unknown>): object {
    const filled = insertRules(collection, body);
    const at = path(project, collection, body.name as string);
    if (this.resources.has(at)) throw new RestError(409, "ALREADY_EXISTS", `The resource '${at}' already exists`, "alreadyExists");
    const references = Object.fromEntries(REFERENCES[collection].filter(([field]) => body[field]).map(([field, targets]) => [field, this.resolve(project, body[field], targets)]));
    const resource: Resource = {
      ...structuredClone(body),
      ...filled,
      ...references,
      ...(collection === "forwardingRules" && !body.IPAddress ? { IPAddress: `203.0.113.${this.nextAddress++ % 250}` } : {}),
      kind: KINDS[collection].kind,
      id: BigInt(`0x${randomBytes(8).toString("hex")}`).toString(),
      creationTimestamp: new Date().toISOString(),
      name: body.name as string,
      selfLink: `${SELF}${at}`,
      fingerprint: fingerprint(),
    };
    this.resources.set(at, resource);
    this.changed();
    return operation(project, "insert", resource);
  }

  get(project: string, collection: Collection, name: string): Resource {
    const found = this.resources.get(path(project, collection, name));
    if (!found) throw notFound(path(project, collection, name));
    return found;
  }

  list(project: string, collection: Collection, query: URLSearchParams): object {
    const prefix = `projects/${project}/global/${collection}/`;
    const all = [...this.resources].filter(([at]) => at.startsWith(prefix)).map(([, resource]) => resource).filter(filterOf(query.get("filter")));
    const size = query.get("maxResults") === null ? PAGE_MAX : Number(query.get("maxResults"));
    if (!Number.isInteger(size) || size < 0 || size > PAGE_MAX) throw new RestError(400, "INVALID_ARGUMENT", `Invalid value for field 'maxResults': '${query.get("maxResults")}'. Must be between 0 and ${PAGE_MAX}.`, "invalid");
    const [start, page] = [Number(query.get("pageToken") || 0), size || PAGE_MAX];
    const next = start + page < all.length ? String(start + page) : undefined;
    return { kind: `${KINDS[collection].kind}List`, id: prefix.slice(0, -1), items: all.slice(start, start + page), selfLink: `${SELF}${prefix.slice(0, -1)}`, ...(next ? { nextPageToken: next } : {}) };
  }

  delete(project: string, collection: Collection, name: string): object {
    const at = path(project, collection, name);
    const resource = this.get(project, collection, name);
    const user = [...this.resources].find(([otherAt, other]) => otherAt !== at && Object.values(other).includes(resource.selfLink));
    if (user) throw new RestError(400, "FAILED_PRECONDITION", `The ${KINDS[collection].singular} resource '${at}' is already being used by '${user[0]}'`, "resourceInUseByAnotherResource");
    this.resources.delete(at);
    this.changed();
    return operation(project, "delete", resource);
  }

  /** sslPolicies.patch: profile, minTlsVersion, customFeatures and description, with the current fingerprint. */
  patchSslPolicy(project: string, name: string, body: Record<string, unknown>): object {
    const current = this.get(project, "sslPolicies", name);
    if (body.fingerprint !== current.fingerprint) {
      throw new RestError(412, "FAILED_PRECONDITION", `Supplied fingerprint does not match current resource fingerprint.`, "conditionNotMet");
    }
    const changes = Object.fromEntries(["profile", "minTlsVersion", "customFeatures", "description"].filter((field) => field in body).map((field) => [field, body[field]]));
    const merged = { ...current, ...changes };
    Object.assign(current, changes, sslPolicyRules(merged), { fingerprint: fingerprint() });
    this.changed();
    return operation(project, "patch", current);
  }

  /** targetHttpsProxies.setSslPolicy: attach a policy (a reference) or detach it (none). */
  setSslPolicy(project: string, proxy: string, body: Record<string, unknown>): object {
    const current = this.get(project, "targetHttpsProxies", proxy);
    if (body.sslPolicy) current.sslPolicy = this.resolve(project, body.sslPolicy, ["sslPolicies"]);
    else delete current.sslPolicy;
    current.fingerprint = fingerprint();
    this.changed();
    return operation(project, "setSslPolicy", current);
  }

  snapshot(): ComputeSnapshot {
    return { resources: Object.fromEntries(this.resources), nextAddress: this.nextAddress };
  }

  restore(saved: ComputeSnapshot): void {
    for (const [at, resource] of Object.entries(saved.resources)) this.resources.set(at, resource);
    this.nextAddress = saved.nextAddress;
  }

  /** A reference to an existing resource of one of `targets`, as the selfLink Compute stores. */
  private resolve(project: string, reference: unknown, targets: Collection[]): string {
    const match = REFERENCE.exec(String(reference));
    const collection = match?.[2] as Collection | undefined;
    if (!match || !collection || !targets.includes(collection)) throw invalidField(targets[0], reference, `Must reference a ${targets.map((t) => KINDS[t].singular).join(" or ")}.`);
    const at = path(match[1] ?? project, collection, match[3]);
    const found = this.resources.get(at);
    if (!found) throw notFound(at);
    return found.selfLink;
  }
}

/** Compute's list filter, the one form emulated: `<field> = "<value>"` (or unquoted); anything else is refused. */
function filterOf(filter: string | null): (resource: Resource) => boolean {
  if (!filter?.trim()) return () => true;
  const match = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*"?([^"]*)"?\s*$/.exec(filter);
  if (!match) throw new RestError(400, "INVALID_ARGUMENT", `Invalid list filter expression '${filter}': this emulator evaluates only <field> = "<value>".`, "invalid");
  return (resource) => String(resource[match[1]] ?? "") === match[2];
}

function operation(project: string, type: string, target: Resource): object {
  const now = new Date().toISOString();
  const name = `operation-${Date.now()}-${randomUUID().slice(0, 8)}`;
  return {
    kind: "compute#operation",
    id: BigInt(`0x${randomBytes(8).toString("hex")}`).toString(),
    name,
    operationType: type,
    targetLink: target.selfLink,
    targetId: target.id,
    status: "DONE",
    progress: 100,
    insertTime: now,
    startTime: now,
    endTime: now,
    selfLink: `${SELF}projects/${project}/global/operations/${name}`,
  };
}

const collectionPath = (collection: Collection) => new RegExp(`^/compute/v1/projects/([^/]+)/global/${collection}$`);
const resourcePath = (collection: Collection) => new RegExp(`^/compute/v1/projects/([^/]+)/global/${collection}/([^/]+)$`);

export function computeRoutes(store: ComputeStore): RestRoute[] {
  return [
    ...COLLECTIONS.flatMap((collection): RestRoute[] => [
      { method: "POST", path: collectionPath(collection), operation: `compute.${collection}.insert`, handle: ([p], { body }) => store.insert(p, collection, body) },
      { method: "GET", path: collectionPath(collection), operation: `compute.${collection}.list`, handle: ([p], { query }) => store.list(p, collection, query) },
      { method: "GET", path: resourcePath(collection), operation: `compute.${collection}.get`, handle: ([p, name]) => store.get(p, collection, name) },
      { method: "DELETE", path: resourcePath(collection), operation: `compute.${collection}.delete`, handle: ([p, name]) => store.delete(p, collection, name) },
    ]),
    { method: "PATCH", path: resourcePath("sslPolicies"), operation: "compute.sslPolicies.patch", handle: ([p, name], { body }) => store.patchSslPolicy(p, name, body) },
    {
      method: "POST",
      path: /^\/compute\/v1\/projects\/([^/]+)\/global\/targetHttpsProxies\/([^/]+)\/setSslPolicy$/,
      operation: "compute.targetHttpsProxies.setSslPolicy",
      handle: ([p, proxy], { body }) => store.setSslPolicy(p, proxy, body),
    },
  ];
}
