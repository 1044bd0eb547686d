// Bytes a registry sent → a checked value, or a "malformed" refusal that says what and where.
import type { z } from "zod";
import { RegistryError } from "./errors";

export function parseJson<T>(bytes: Buffer, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new RegistryError("malformed", `${what} is not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RegistryError("malformed", `${what} is not what its media type promises: ${issue.path.join(".") || "(top level)"} ${issue.message}`);
  }
  return result.data;
}
