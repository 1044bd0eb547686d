// AWS Secrets Manager operations of the AWS emulator (awsJson1.1, X-Amz-Target: secretsmanager.<Operation>),
// with the checks and errors the Secrets Manager API reference documents for each:
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/
import { randomUUID } from "node:crypto";
import { SecretsStore, secretArn, type SecretTag, type StoredSecret, type StoredVersion } from "./emulator-secrets-state";
import { EcsApiError, epochSeconds, type Input, objectList, optBool, optInt, optString, stringList } from "./emulator-wire";

export interface SecretsContext {
  secrets: SecretsStore;
  region: string;
  now: number;
}

const invalidParameter = (message: string) => new EcsApiError("InvalidParameterException", message);
const invalidRequest = (message: string) => new EcsApiError("InvalidRequestException", message);
const notFound = (message = "Secrets Manager can't find the specified secret.") => new EcsApiError("ResourceNotFoundException", message);

/** CreateSecret Name: 1–512 characters, "ASCII letters, numbers, and the following characters: /_+=.@-" (API_CreateSecret.html). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** ClientRequestToken and VersionId: "Minimum length of 32. Maximum length of 64." (API_PutSecretValue.html, API_GetSecretValue.html) */
const TOKEN = /^.{32,64}$/s;
/** SecretString and SecretBinary: at most 65,536 bytes ("Secret value size", https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html). */
const VALUE_MAX_BYTES = 65_536;
/** Description: "Maximum length of 2048." */
const DESCRIPTION_MAX = 2048;
/** Tags (API_Tag.html, API_TagResource.html): at most 50 per secret; Key 1–128, Value up to 256; "aws:" is reserved. */
const TAGS_MAX = 50;
/** DeleteSecret RecoveryWindowInDays: 7–30, 30 when omitted (API_DeleteSecret.html). */
const RECOVERY_WINDOW_DAYS = { min: 7, max: 30, default: 30 };
/** VersionStages: 1–20 labels of 1–256 characters. */
const STAGES_MAX = 20;
/** ListSecrets / ListSecretVersionIds MaxResults: 1–100. */
const PAGE_MAX = 100;
/** Filter (API_Filter.html): these keys, prefix matches; 1–10 values each, at most 512 characters of this pattern; "!" negates. */
const FILTER_KEYS = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"];
const FILTER_VALUE = /^!?[a-zA-Z0-9 :_@/+=.\-!]{0,512}$/;
/** Versions Secrets Manager keeps: the 100 newest, and every version less than 24 hours old (API_PutSecretValue.html). */
const VERSIONS_KEPT = 100;
const DAY_MS = 86_400_000;

const CURRENT = "AWSCURRENT";
const PREVIOUS = "AWSPREVIOUS";

function secretId(input: Input): string {
  const id = optString(input, "SecretId");
  if (!id || id.length > 2048) throw invalidParameter("You must provide a SecretId of 1-2048 characters.");
  return id;
}

function token(input: Input, key: "ClientRequestToken" | "VersionId"): string | undefined {
  const value = optString(input, key);
  if (value !== undefined && !TOKEN.test(value)) throw invalidParameter(`The ${key} must be 32-64 characters long.`);
  return value;
}

/** SecretString or SecretBinary, never both; `required` for PutSecretValue. */
function secretValue(input: Input, required: boolean): StoredVersion["value"] | undefined {
  const text = optString(input, "SecretString");
  const binary = optString(input, "SecretBinary");
  if (text !== undefined && binary !== undefined) throw invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  if (text === undefined && binary === undefined) {
    if (required) throw invalidParameter("You must provide either SecretString or SecretBinary.");
    return undefined;
  }
  const bytes = text !== undefined ? Buffer.byteLength(text, "utf8") : Buffer.from(binary!, "base64").length;
  if (bytes > VALUE_MAX_BYTES) throw invalidParameter(`The secret value can be at most ${VALUE_MAX_BYTES} bytes.`);
  return text !== undefined ? { string: text } : { binary: binary! };
}

const sameValue = (a: StoredVersion["value"], b: StoredVersion["value"]) => JSON.stringify(a) === JSON.stringify(b);

function readTags(input: Input): SecretTag[] {
  return objectList(input, "Tags").map((tag) => {
    const key = optString(tag, "Key") ?? "";
    const value = optString(tag, "Value") ?? "";
    if (key.length < 1 || key.length > 128) throw invalidParameter("Tag keys must be 1-128 characters long.");
    if (value.length > 256) throw invalidParameter("Tag values can be at most 256 characters long.");
    if (/^aws:/i.test(key)) throw invalidParameter("Tag keys can't start with the reserved prefix aws:.");
    return { Key: key, Value: value };
  });
}

function mergeTags(current: SecretTag[], added: SecretTag[]): SecretTag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  if (merged.size > TAGS_MAX) throw invalidParameter(`A secret can have at most ${TAGS_MAX} tags.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

function stages(input: Input): string[] | undefined {
  const list = stringList(input, "VersionStages");
  if (list === undefined) return undefined;
  if (list.length < 1 || list.length > STAGES_MAX || list.some((s) => s.length < 1 || s.length > 256)) {
    throw invalidParameter(`VersionStages must list 1-${STAGES_MAX} staging labels of 1-256 characters.`);
  }
  return [...new Set(list)];
}

function existing({ secrets, region, now }: SecretsContext, input: Input): StoredSecret {
  const secret = secrets.find(region, secretId(input), now);
  if (!secret) throw notFound();
  return secret;
}

/** Most operations refuse a secret scheduled for deletion until RestoreSecret (DeleteSecret API reference). */
function live(context: SecretsContext, input: Input): StoredSecret {
  const secret = existing(context, input);
  if (secret.deletedAt !== undefined) throw invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
  return secret;
}

/**
 * A new version, with staging labels moved as PutSecretValue documents: without VersionStages it becomes
 * AWSCURRENT; whichever version held AWSCURRENT before gets AWSPREVIOUS. A label lives on one version at a time.
 */
function addVersion(secret: StoredSecret, id: string, value: StoredVersion["value"], labels: string[] | undefined, now: number): StoredVersion {
  const wanted = labels ?? [CURRENT];
  const previous = secret.versions.find((v) => v.stages.includes(CURRENT));
  const movesCurrent = wanted.includes(CURRENT) && previous !== undefined;
  const taken = new Set([...wanted, ...(movesCurrent ? [PREVIOUS] : [])]);
  for (const version of secret.versions) version.stages = version.stages.filter((stage) => !taken.has(stage));
  if (movesCurrent) previous!.stages.push(PREVIOUS);
  const version: StoredVersion = { id, value, createdAt: now, stages: wanted };
  secret.versions.push(version);
  // Older versions without a label go once there are more than 100, unless they are less than a day old.
  while (secret.versions.length > VERSIONS_KEPT) {
    const oldest = secret.versions.findIndex((v) => v.stages.length === 0 && v.createdAt < now - DAY_MS);
    if (oldest < 0) break;
    secret.versions.splice(oldest, 1);
  }
  secret.changedAt = now;
  return version;
}

const versionsToStages = (secret: StoredSecret) => Object.fromEntries(secret.versions.filter((v) => v.stages.length).map((v) => [v.id, v.stages]));

function summary(secret: StoredSecret) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined ? { Description: secret.description } : {}),
    ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
    RotationEnabled: false,
    LastChangedDate: epochSeconds(secret.changedAt),
    CreatedDate: epochSeconds(secret.createdAt),
    ...(secret.deletedAt !== undefined ? { DeletedDate: epochSeconds(secret.deletedAt) } : {}),
    Tags: secret.tags,
  };
}

/** Page through a list with MaxResults and an opaque NextToken. */
function page<T>(items: T[], input: Input): { items: T[]; NextToken?: string } {
  const size = optInt(input, "MaxResults") ?? PAGE_MAX;
  if (size < 1 || size > PAGE_MAX) throw invalidParameter(`MaxResults must be between 1 and ${PAGE_MAX}.`);
  const next = optString(input, "NextToken");
  const start = next === undefined ? 0 : Number(Buffer.from(next, "base64").toString());
  if (!Number.isInteger(start) || start < 0) throw new EcsApiError("InvalidNextTokenException", "The NextToken value is invalid.");
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString("base64") } : {}) };
}

export function createSecret(context: SecretsContext, input: Input) {
  const { secrets, region, now } = context;
  const name = optString(input, "Name");
  if (!name || !SECRET_NAME.test(name)) throw invalidParameter("The secret name must be 1-512 characters of ASCII letters, numbers and /_+=.@-.");
  const requestToken = token(input, "ClientRequestToken");
  const description = optString(input, "Description");
  if (description !== undefined && description.length > DESCRIPTION_MAX) throw invalidParameter(`The description can be at most ${DESCRIPTION_MAX} characters.`);
  const value = secretValue(input, false);
  const tags = mergeTags([], readTags(input));
  if (objectList(input, "AddReplicaRegions").length) throw invalidRequest("Replicating secrets to other Regions is not available in this emulator.");

  const found = secrets.secrets(region, now).get(name);
  if (found) {
    if (found.deletedAt !== undefined) throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    // Same ClientRequestToken and same value: the request is ignored (the operation is idempotent).
    const same = requestToken !== undefined && value !== undefined && found.versions.find((v) => v.id === requestToken);
    if (same && sameValue(same.value, value)) return { ARN: found.arn, Name: found.name, VersionId: same.id };
    throw new EcsApiError("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
  }
  const secret: StoredSecret = { arn: secretArn(region, name), name, description, kmsKeyId: optString(input, "KmsKeyId"), tags, createdAt: now, changedAt: now, versions: [] };
  secrets.secrets(region, now).set(name, secret);
  const version = value ? addVersion(secret, requestToken ?? randomUUID(), value, undefined, now) : undefined;
  return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.id } : {}) };
}

export function putSecretValue(context: SecretsContext, input: Input) {
  const secret = live(context, input);
  const id = token(input, "ClientRequestToken") ?? randomUUID();
  const value = secretValue(input, true)!;
  const labels = stages(input);
  const same = secret.versions.find((v) => v.id === id);
  if (same) {
    // A version's value never changes: the same token with another value is refused.
    if (!sameValue(same.value, value)) throw new EcsApiError("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
    return { ARN: secret.arn, Name: secret.name, VersionId: same.id, VersionStages: same.stages };
  }
  const version = addVersion(secret, id, value, labels, context.now);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
}

export function getSecretValue(context: SecretsContext, input: Input) {
  const secret = live(context, input);
  const versionId = token(input, "VersionId");
  const stage = optString(input, "VersionStage");
  const version = versionId !== undefined ? secret.versions.find((v) => v.id === versionId && (stage === undefined || v.stages.includes(stage))) : secret.versions.find((v) => v.stages.includes(stage ?? CURRENT));
  if (!version) throw notFound(`Secrets Manager can't find the specified secret value for ${versionId !== undefined ? `VersionId: ${versionId}` : `staging label: ${stage ?? CURRENT}`}`);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...("string" in version.value ? { SecretString: version.value.string } : { SecretBinary: version.value.binary }),
    VersionStages: version.stages,
    CreatedDate: epochSeconds(version.createdAt),
  };
}

export function describeSecret(context: SecretsContext, input: Input) {
  const secret = existing(context, input);
  return { ...summary(secret), VersionIdsToStages: versionsToStages(secret) };
}

function filterMatches(secret: StoredSecret, key: string, value: string): boolean {
  const negated = value.startsWith("!");
  const word = negated ? value.slice(1) : value;
  const prefix = (text: string | undefined, caseless = false) => text !== undefined && (caseless ? text.toLowerCase().startsWith(word.toLowerCase()) : text.startsWith(word));
  let hit: boolean;
  switch (key) {
    case "name":
      hit = prefix(secret.name);
      break;
    case "description":
      hit = prefix(secret.description, true);
      break;
    case "tag-key":
      hit = secret.tags.some((tag) => prefix(tag.Key));
      break;
    case "tag-value":
      hit = secret.tags.some((tag) => prefix(tag.Value));
      break;
    case "all": {
      const words = word.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      const text = [secret.name, secret.description ?? "", ...secret.tags.flatMap((t) => [t.Key, t.Value])].join(" ").toLowerCase();
      hit = words.every((w) => text.includes(w));
      break;
    }
    default:
      // primary-region and owning-service: no secret here is replicated or owned by a service.
      hit = false;
  }
  return negated ? !hit : hit;
}

export function listSecrets({ secrets, region, now }: SecretsContext, input: Input) {
  const filters = objectList(input, "Filters").map((filter) => {
    const key = optString(filter, "Key") ?? "";
    if (!FILTER_KEYS.includes(key)) throw invalidParameter(`Invalid filter key ${key}: use one of ${FILTER_KEYS.join(", ")}.`);
    const values = stringList(filter, "Values") ?? [];
    if (values.length < 1 || values.length > 10 || values.some((v) => !FILTER_VALUE.test(v))) throw invalidParameter("Each filter needs 1-10 values of up to 512 characters: letters, numbers, spaces and :_@/+=.-!");
    return { key, values };
  });
  const withDeleted = optBool(input, "IncludePlannedDeletion") ?? false;
  const order = optString(input, "SortOrder") ?? "asc";
  if (order !== "asc" && order !== "desc") throw invalidParameter(`Invalid SortOrder ${order}: use asc or desc.`);
  // Within a filter any value may match; every filter must match.
  const matching = [...secrets.secrets(region, now).values()]
    .filter((s) => withDeleted || s.deletedAt === undefined)
    .filter((s) => filters.every(({ key, values }) => values.some((value) => filterMatches(s, key, value))))
    .sort((a, b) => (order === "asc" ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
  const { items, NextToken } = page(matching, input);
  return { SecretList: items.map((s) => ({ ...summary(s), SecretVersionsToStages: versionsToStages(s) })), ...(NextToken ? { NextToken } : {}) };
}

export function listSecretVersionIds(context: SecretsContext, input: Input) {
  const secret = existing(context, input);
  const all = optBool(input, "IncludeDeprecated") ?? false;
  const { items, NextToken } = page(
    secret.versions.filter((v) => all || v.stages.length > 0),
    input,
  );
  return { ARN: secret.arn, Name: secret.name, Versions: items.map((v) => ({ VersionId: v.id, VersionStages: v.stages, CreatedDate: epochSeconds(v.createdAt) })), ...(NextToken ? { NextToken } : {}) };
}

/**
 * DeleteSecret: with ForceDeleteWithoutRecovery the secret is gone at once (its name free again); otherwise it
 * is scheduled for deletion after RecoveryWindowInDays and can be restored until then. The two options exclude
 * each other.
 */
export function deleteSecret(context: SecretsContext, input: Input) {
  const { secrets, region, now } = context;
  const secret = existing(context, input);
  const force = optBool(input, "ForceDeleteWithoutRecovery") ?? false;
  const window = optInt(input, "RecoveryWindowInDays");
  if (force && window !== undefined) throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  if (window !== undefined && (window < RECOVERY_WINDOW_DAYS.min || window > RECOVERY_WINDOW_DAYS.max)) {
    throw invalidParameter(`The RecoveryWindowInDays value must be between ${RECOVERY_WINDOW_DAYS.min} and ${RECOVERY_WINDOW_DAYS.max} days (inclusive).`);
  }
  if (force) {
    secrets.secrets(region, now).delete(secret.name);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(now) };
  }
  if (secret.deletedAt !== undefined) throw invalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
  secret.deletedAt = now;
  secret.deletionDate = now + (window ?? RECOVERY_WINDOW_DAYS.default) * DAY_MS;
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletionDate) };
}

/** RestoreSecret cancels a scheduled deletion. */
export function restoreSecret(context: SecretsContext, input: Input) {
  const secret = existing(context, input);
  delete secret.deletedAt;
  delete secret.deletionDate;
  return { ARN: secret.arn, Name: secret.name };
}

export function tagResource(context: SecretsContext, input: Input) {
  const secret = live(context, input);
  if (!Array.isArray(input.Tags)) throw invalidParameter("You must provide Tags.");
  secret.tags = mergeTags(secret.tags, readTags(input));
  return {};
}

export function untagResource(context: SecretsContext, input: Input) {
  const secret = live(context, input);
  const keys = stringList(input, "TagKeys");
  if (!keys) throw invalidParameter("You must provide TagKeys.");
  secret.tags = secret.tags.filter((tag) => !keys.includes(tag.Key));
  return {};
}

export const secretsOperations: Record<string, (context: SecretsContext, input: Input) => object> = {
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  GetSecretValue: getSecretValue,
  DescribeSecret: describeSecret,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
  TagResource: tagResource,
  UntagResource: untagResource,
};

/** Every stored value, for tests: `<region>/<name>:<VersionId>` → the string (or base64 binary). */
export function storedValues(store: SecretsStore): Record<string, string> {
  const out: Record<string, string> = {};
  for (const region of store.regionNames()) {
    for (const secret of store.secrets(region).values()) {
      for (const version of secret.versions) out[`${region}/${secret.name}:${version.id}`] = "string" in version.value ? version.value.string : version.value.binary;
    }
  }
  return out;
}
