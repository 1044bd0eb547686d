// What every EC2 operation of the emulator shares: tags (TagSpecification and CreateTags), Describe filters,
// id lists and their malformed/not-found errors, as the EC2 API reference documents them.
import { TAG_KEY_MAX, TAG_VALUE_MAX, TAGS_MAX } from "./emulator-ec2-rules";
import type { Ec2Store, Ec2Tag } from "./emulator-ec2-state";
import { QueryApiError, type QueryInput, structures, text, texts } from "./emulator-query";


export interface Ec2Context {
  ec2: Ec2Store;
  region: string;
}

export function readTag(tag: QueryInput): Ec2Tag {
  const Key = text(tag, "Key") ?? "";
  const Value = text(tag, "Value") ?? "";
  if (Key.length < 1 || Key.length > TAG_KEY_MAX) throw new QueryApiError("InvalidParameterValue", `Tag keys must be 1-${TAG_KEY_MAX} characters long.`);
  if (Value.length > TAG_VALUE_MAX) throw new QueryApiError("InvalidParameterValue", `Tag values must be at most ${TAG_VALUE_MAX} characters long.`);
  if (/^aws:/i.test(Key)) throw new QueryApiError("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use.");
  return { Key, Value };
}

export function mergeTags(current: Ec2Tag[], added: Ec2Tag[]): Ec2Tag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  if (merged.size > TAGS_MAX) throw new QueryApiError("TagLimitExceeded", `The maximum number of tags (${TAGS_MAX}) for a resource has been reached.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/** Tags a create operation applies at once: TagSpecification entries for this resource type (any other is refused). */
export function specifiedTags(input: QueryInput, resourceType: string): Ec2Tag[] {
  const tags: Ec2Tag[] = [];
  for (const spec of structures(input, "TagSpecification")) {
    const type = text(spec, "ResourceType");
    if (type !== resourceType) throw new QueryApiError("InvalidParameterValue", `'${type}' is not a valid taggable resource type for this operation.`);
    tags.push(...structures(spec, "Tag").map(readTag));
  }
  return mergeTags([], tags);
}

/** A Describe filter value: `*` matches any run of characters, `?` one character (Filter, EC2 API reference). */
function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(value);
}

/**
 * Describe filters: every filter must match, any of its values may. `fields` gives each filter name's values for a
 * resource; `tag:<key>` and `tag-key` work on every taggable resource. An unknown filter name is refused.
 */
export function filtered<T extends { tags: Ec2Tag[] }>(items: T[], input: QueryInput, fields: Record<string, (item: T) => (string | undefined)[]>): T[] {
  const filters = structures(input, "Filter").map((filter) => ({ name: text(filter, "Name") ?? "", values: texts(filter, "Value") }));
  for (const { name } of filters) {
    if (!name.startsWith("tag:") && name !== "tag-key" && !fields[name]) throw new QueryApiError("InvalidParameterValue", `The filter '${name}' is invalid`);
  }
  return items.filter((item) =>
    filters.every(({ name, values }) => {
      const actual = name.startsWith("tag:") ? item.tags.filter((t) => t.Key === name.slice(4)).map((t) => t.Value) : name === "tag-key" ? item.tags.map((t) => t.Key) : fields[name](item);
      return values.some((pattern) => actual.some((value) => value !== undefined && matches(pattern, value)));
    }),
  );
}

/** Ids a Describe names (e.g. `GroupId.N`): each well formed, each existing, or the whole call fails as EC2's does. */
export function namedIds(input: QueryInput, key: string, prefix: string, malformed: string): string[] {
  const ids = texts(input, key);
  for (const id of ids) if (!new RegExp(`^${prefix}-[0-9a-f]{8,17}$`).test(id)) throw new QueryApiError(malformed, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  return ids;
}

export const tagSet = (tags: Ec2Tag[]) => tags.map((tag) => ({ key: tag.Key, value: tag.Value }));
