// google.cloud.secretmanager.v1.SecretManagerService as the emulator answers it: the checks and errors the
// Secret Manager reference documents (service.proto and resources.proto in @google-cloud/secret-manager,
// https://cloud.google.com/secret-manager/docs/reference/rpc/google.cloud.secretmanager.v1).
import { status } from "@grpc/grpc-js";
import { crc32c } from "./crc32c";
import { invalidArgument, RpcError, type Violation } from "./emulator-errors";
import { type IamPolicies, permissionsHeld, policyViolations } from "./emulator-iam";
import { SECRET_NAME, type SecretManagerStore, type StoredSecret, type StoredVersion, VERSION_NAME } from "./emulator-secrets-state";

// Requests as proto-loader decodes them: every field may be absent.
type Labels = Record<string, string> | null | undefined;
interface SecretBody {
  labels?: Labels;
  replication?: { automatic?: object | null; userManaged?: { replicas?: { location?: string | null }[] | null } | null } | null;
  annotations?: Labels;
}
interface Payload {
  data?: Buffer | null;
  dataCrc32c?: string | null;
}
type Request = Record<string, unknown>;

/** CreateSecretRequest.secret_id: "at most 255 characters … uppercase and lowercase letters, numerals, and the hyphen and underscore". */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
const PROJECT = /^projects\/([^/]+)$/;
const REGIONAL = /^projects\/[^/]+\/locations\//;
/** SecretPayload.data: "Must be no larger than 64KiB." */
const PAYLOAD_MAX_BYTES = 64 * 1024;
/** Secret.labels: at most 64; keys `[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}`, values `[\p{Ll}\p{Lo}\p{N}_-]{0,63}`, each at most 128 bytes. */
const LABELS_MAX = 64;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
/** Permissions that apply to a secret (Secret Manager IAM permissions: secretmanager.secrets.* and .versions.*). */
const SECRET_PERMISSIONS = /^secretmanager\.(secrets|versions)\.[a-zA-Z]+$/;
/** ListSecrets / ListSecretVersions page_size: "If the number is greater than 25000, it is capped at 25000"; 0 lets the server choose. */
const PAGE_MAX = 25_000;

function check(request: string, violations: Violation[]): void {
  if (violations.length) throw invalidArgument(request, violations);
}

function nameViolations(field: string, value: unknown, pattern: RegExp, form: string): Violation[] {
  if (typeof value !== "string" || !value) return [{ field, description: "must be set" }];
  if (REGIONAL.test(value)) throw new RpcError(status.UNIMPLEMENTED, `Regional secrets (${value}) are not served by this emulator; use projects/{project}/secrets/{secret}.`);
  return pattern.test(value) ? [] : [{ field, description: `"${value}" must have the form ${form}` }];
}

function labelViolations(labels: Labels, at: string): Violation[] {
  const entries = Object.entries(labels ?? {});
  const out: Violation[] = entries.length > LABELS_MAX ? [{ field: at, description: `at most ${LABELS_MAX} labels can be assigned to a secret` }] : [];
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key) || Buffer.byteLength(key) > 128) out.push({ field: at, description: `label key "${key}" must start with a lowercase letter and have 1–63 lowercase letters, digits, "_" or "-"` });
    if (!LABEL_VALUE.test(value) || Buffer.byteLength(value) > 128) out.push({ field: at, description: `label value of "${key}" must have at most 63 lowercase letters, digits, "_" or "-"` });
  }
  return out;
}

/** A global secret needs a replication policy: automatic, or user-managed with at least one replica location. */
function replicationViolations(replication: SecretBody["replication"]): Violation[] {
  if (!replication || (!replication.automatic && !replication.userManaged)) return [{ field: "secret.replication", description: "must be set (automatic or user_managed)" }];
  if (replication.userManaged && !(replication.userManaged.replicas ?? []).some((r) => r.location)) {
    return [{ field: "secret.replication.user_managed.replicas", description: "must name at least one location" }];
  }
  return [];
}

function secretView(secret: StoredSecret) {
  return { name: secret.name, replication: secret.replication, createTime: secret.createTime, labels: secret.labels, etag: secret.etag, ...(secret.annotations ? { annotations: secret.annotations } : {}) };
}

function versionView(version: StoredVersion) {
  return {
    name: version.name,
    createTime: version.createTime,
    ...(version.destroyTime ? { destroyTime: version.destroyTime } : {}),
    state: version.state,
    etag: version.etag,
    clientSpecifiedPayloadChecksum: version.clientSpecifiedPayloadChecksum,
  };
}

function paged<T>(items: T[], pageSize: unknown, pageToken: unknown, request: string): { page: T[]; nextPageToken: string } {
  const size = typeof pageSize === "number" ? pageSize : 0;
  if (size < 0) check(request, [{ field: "page_size", description: "must not be negative" }]);
  const start = pageToken ? Number(Buffer.from(String(pageToken), "base64").toString()) : 0;
  if (!Number.isInteger(start) || start < 0) check(request, [{ field: "page_token", description: "is not a token this server issued" }]);
  const end = start + (size === 0 ? PAGE_MAX : Math.min(size, PAGE_MAX));
  return { page: items.slice(start, end), nextPageToken: end < items.length ? Buffer.from(String(end)).toString("base64") : "" };
}

/**
 * The List-operation filter (https://cloud.google.com/secret-manager/docs/filtering): terms joined by spaces or AND, each
 * `labels.<key>=<value>`, `labels.<key>:<value>`, `labels.<key>:*` (has the label), `name:<text>` (the id
 * contains it) or `name=<id>`, `state:<STATE>` for versions. OR, NOT and parentheses are not emulated.
 */
function filterTerms(filter: unknown, request: string): ((fields: { id?: string; labels?: Record<string, string>; state?: string }) => boolean)[] {
  const text = typeof filter === "string" ? filter.trim() : "";
  if (!text) return [];
  if (/[()]|\bOR\b|\bNOT\b|^-|\s-/.test(text)) throw new RpcError(status.UNIMPLEMENTED, `The filter "${text}" uses OR, NOT or parentheses, which this emulator does not evaluate.`);
  return text
    .split(/\s+(?:AND\s+)?/)
    .filter((term) => term && term !== "AND")
    .map((term) => {
      const match = /^([a-zA-Z_.\-0-9]+?)\s*([:=])\s*"?([^"]*)"?$/.exec(term);
      if (!match) check(request, [{ field: "filter", description: `cannot parse "${term}"` }]);
      const [, field, op, value] = match!;
      if (field.startsWith("labels.")) {
        const key = field.slice("labels.".length);
        return ({ labels }) => labels !== undefined && key in labels && (op === ":" && value === "*" ? true : op === "=" ? labels[key] === value : labels[key].includes(value));
      }
      if (field === "name") return ({ id }) => id !== undefined && (op === "=" ? id === value : id.includes(value));
      if (field === "state") return ({ state }) => state !== undefined && state === value.toUpperCase();
      throw new RpcError(status.UNIMPLEMENTED, `Filtering on ${field} is not emulated.`);
    });
}

function payloadOf(request: Request): Buffer {
  const payload = request.payload as Payload | null | undefined;
  if (!payload) check("AddSecretVersionRequest", [{ field: "payload", description: "is required" }]);
  const data = payload!.data ?? Buffer.alloc(0);
  if (data.length > PAYLOAD_MAX_BYTES) check("AddSecretVersionRequest", [{ field: "payload.data", description: `must be no larger than 64KiB (it has ${data.length} bytes)` }]);
  // "SecretManagerService will verify the integrity of the received data … using the crc32c checksum" when one is
  // given (SecretPayload.data_crc32c; https://cloud.google.com/secret-manager/docs/data-integrity).
  if (payload!.dataCrc32c !== undefined && payload!.dataCrc32c !== null && Number(payload!.dataCrc32c) !== crc32c(data)) {
    throw new RpcError(status.INVALID_ARGUMENT, "Checksum mismatch: payload.data_crc32c does not match the CRC32C of payload.data.", [
      { type: "BadRequest", fieldViolations: [{ field: "payload.data_crc32c", description: "does not match the data" }] },
    ]);
  }
  return data;
}

/** The SecretManagerService methods the emulator serves; the others answer UNIMPLEMENTED. */
export function secretManagerMethods(store: SecretManagerStore, iam: IamPolicies): Record<string, (request: Request) => object> {
  const secretName = (request: string, field: string, value: unknown) => {
    check(request, nameViolations(field, value, SECRET_NAME, "projects/{project}/secrets/{secret}"));
    return value as string;
  };
  const versionName = (request: string, value: unknown) => {
    check(request, nameViolations("name", value, VERSION_NAME, "projects/{project}/secrets/{secret}/versions/{version}"));
    const version = VERSION_NAME.exec(value as string)![3];
    if (version !== "latest" && !/^[1-9]\d*$/.test(version)) check(request, [{ field: "name", description: `version "${version}" must be a number or "latest"` }]);
    return value as string;
  };

  return {
    CreateSecret(r) {
      const parent = r.parent;
      const secret = r.secret as SecretBody | null | undefined;
      check("CreateSecretRequest", [
        ...nameViolations("parent", parent, PROJECT, "projects/{project}"),
        ...(typeof r.secretId === "string" && SECRET_ID.test(r.secretId)
          ? []
          : [{ field: "secret_id", description: `"${String(r.secretId ?? "")}" must be 1–255 letters, digits, "-" or "_"` }]),
        ...(secret ? [...replicationViolations(secret.replication), ...labelViolations(secret.labels, "secret.labels")] : [{ field: "secret", description: "must be set" }]),
      ]);
      return secretView(store.create(PROJECT.exec(parent as string)![1], r.secretId as string, secret!));
    },
    GetSecret(r) {
      return secretView(store.get(secretName("GetSecretRequest", "name", r.name)));
    },
    ListSecrets(r) {
      check("ListSecretsRequest", nameViolations("parent", r.parent, PROJECT, "projects/{project}"));
      const terms = filterTerms(r.filter, "ListSecretsRequest");
      const all = store.list(PROJECT.exec(r.parent as string)![1]).filter((s) => terms.every((term) => term({ id: s.name.split("/").pop(), labels: s.labels })));
      const { page, nextPageToken } = paged(all, r.pageSize, r.pageToken, "ListSecretsRequest");
      // total_size is "0 when the filter field is set".
      return { secrets: page.map(secretView), nextPageToken, totalSize: terms.length ? 0 : all.length };
    },
    DeleteSecret(r) {
      const name = secretName("DeleteSecretRequest", "name", r.name);
      store.delete(name, typeof r.etag === "string" ? r.etag : undefined);
      iam.forget(name);
      return {};
    },
    AddSecretVersion(r) {
      const parent = secretName("AddSecretVersionRequest", "parent", r.parent);
      const data = payloadOf(r);
      const payload = r.payload as Payload;
      return versionView(store.addVersion(parent, data, payload.dataCrc32c !== undefined && payload.dataCrc32c !== null));
    },
    GetSecretVersion(r) {
      return versionView(store.version(versionName("GetSecretVersionRequest", r.name)));
    },
    ListSecretVersions(r) {
      const parent = secretName("ListSecretVersionsRequest", "parent", r.parent);
      const terms = filterTerms(r.filter, "ListSecretVersionsRequest");
      const all = [...store.get(parent).versions].reverse().filter((v) => terms.every((term) => term({ state: v.state })));
      const { page, nextPageToken } = paged(all, r.pageSize, r.pageToken, "ListSecretVersionsRequest");
      return { versions: page.map(versionView), nextPageToken, totalSize: terms.length ? 0 : all.length };
    },
    AccessSecretVersion(r) {
      const version = store.version(versionName("AccessSecretVersionRequest", r.name));
      if (version.state !== "ENABLED") throw new RpcError(status.FAILED_PRECONDITION, `Secret Version [${version.name}] is in ${version.state} state.`);
      // The response names the version itself, also when asked for "latest".
      return { name: version.name, payload: { data: version.data, dataCrc32c: String(version.crc32c) } };
    },
    DisableSecretVersion(r) {
      return versionView(store.setState(versionName("DisableSecretVersionRequest", r.name), "DISABLED", r.etag as string | undefined));
    },
    EnableSecretVersion(r) {
      return versionView(store.setState(versionName("EnableSecretVersionRequest", r.name), "ENABLED", r.etag as string | undefined));
    },
    DestroySecretVersion(r) {
      return versionView(store.setState(versionName("DestroySecretVersionRequest", r.name), "DESTROYED", r.etag as string | undefined));
    },
    GetIamPolicy(r) {
      const resource = secretName("GetIamPolicyRequest", "resource", r.resource);
      store.get(resource);
      return iam.get(resource);
    },
    SetIamPolicy(r) {
      const resource = r.resource;
      check("SetIamPolicyRequest", [...nameViolations("resource", resource, SECRET_NAME, "projects/{project}/secrets/{secret}"), ...policyViolations(r.policy as Parameters<typeof policyViolations>[0])]);
      store.get(resource as string);
      return iam.set(resource as string, r.policy as Parameters<IamPolicies["set"]>[1]);
    },
    TestIamPermissions(r) {
      store.get(secretName("TestIamPermissionsRequest", "resource", r.resource));
      return permissionsHeld(r.permissions as string[] | undefined, SECRET_PERMISSIONS);
    },
  };
}
