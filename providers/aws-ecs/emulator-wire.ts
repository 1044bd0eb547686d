// What the ECS emulator needs from the awsJson1.1 wire: errors in the shape the SDK turns into its
// typed exceptions, and readers for untrusted request members that fail as ECS does.
import { TAGS_MAX, tagRefusal } from "./emulator-limits";

/** Answered as `{ "__type": type, "message": ... }` with `status`; the SDK raises a class named `type`. */
export class EcsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const clientError = (message: string) => new EcsApiError("ClientException", message);
export const invalidParameter = (message: string) => new EcsApiError("InvalidParameterException", message);

export type Input = Record<string, unknown>;

/** A member of the wrong JSON type never reaches ECS's logic: the deserializer refuses it first. */
function wrongType(key: string, expected: string): EcsApiError {
  return new EcsApiError("SerializationException", `Member '${key}' must be ${expected}`);
}

export function optString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw wrongType(key, "a string");
  return value;
}

/** A required string; `fail` builds the error ECS answers when it is missing or empty. */
export function reqString(input: Input, key: string, fail: (message: string) => EcsApiError): string {
  const value = optString(input, key);
  if (!value) throw fail(`'${key}' is required and must not be empty.`);
  return value;
}

export function optInt(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(key, "an integer");
  return value;
}

export function optBool(input: Input, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw wrongType(key, "a boolean");
  return value;
}

export function optObject(input: Input, key: string): Input | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw wrongType(key, "an object");
  return value as Input;
}

export function optList(input: Input, key: string): unknown[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(key, "a list");
  return value;
}

export function stringList(input: Input, key: string): string[] | undefined {
  const list = optList(input, key);
  if (list?.some((item) => typeof item !== "string")) throw wrongType(key, "a list of strings");
  return list as string[] | undefined;
}

export function objectList(input: Input, key: string): Input[] {
  const list = optList(input, key) ?? [];
  if (list.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) throw wrongType(key, "a list of objects");
  return list as Input[];
}

/** ECS's pagination tokens are opaque; an offset in base64 is opaque enough. */
export function page<T>(items: T[], input: Input, defaultSize: number, max: number): { items: T[]; nextToken?: string } {
  const size = optInt(input, "maxResults") ?? defaultSize;
  if (size < 1 || size > max) throw invalidParameter(`maxResults must be between 1 and ${max}.`);
  const token = optString(input, "nextToken");
  const start = token ? Number(Buffer.from(token, "base64").toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter("Invalid nextToken.");
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString("base64") : undefined };
}

/** Timestamps travel as epoch seconds (fractions allowed); the SDK turns them into Date. */
export const epochSeconds = (ms: number) => ms / 1000;

/** Tags as ECS checks them on every operation that takes them. */
export function readTags(input: Input): { key: string; value: string }[] {
  const tags = objectList(input, "tags").map((tag) => ({ key: optString(tag, "key") ?? "", value: optString(tag, "value") ?? "" }));
  if (tags.length > TAGS_MAX) throw invalidParameter(`A resource may have at most ${TAGS_MAX} tags.`);
  for (const { key, value } of tags) {
    const problem = tagRefusal(key, value);
    if (problem) throw invalidParameter(`Invalid tag '${key}': ${problem}.`);
  }
  return tags;
}
