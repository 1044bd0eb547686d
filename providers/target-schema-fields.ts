// Building blocks of the providers' target schemas (each provider's target-schema.ts), with the messages an operator
// reads next to the field. Imports nothing but zod: the registry's unions are made of the schemas built from these.
import { z } from "zod";

export const region = z
  .string()
  .trim()
  .max(64, "Region: at most 64 characters")
  .regex(/^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/, "Region looks like eu-west-1, westeurope or europe-west1");

export const nonEmpty = (what: string) => z.string().trim().min(1, `${what} is required`).max(512, `${what}: at most 512 characters`);

/** Left out and left empty read the same to the person filling in the form: "… is required". */
export const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what}: at most ${max} characters`);

/** An optional URL: empty text reads as left out. */
export const optionalUrl = (what: string, example: string) =>
  z.union([
    z.literal("").transform(() => undefined),
    z
      .string()
      .trim()
      .max(2048, `${what}: at most 2048 characters`)
      .url(`${what} must be a URL like ${example}`)
      .refine((url) => /^https?:\/\//.test(url), `${what} must be an http:// or https:// URL`),
  ]);

/** Optional text: empty reads as left out; otherwise `text`, with `pattern` if given. */
export const optionalText = (what: string, max: number, pattern?: [RegExp, string]) =>
  z.union([z.literal("").transform(() => undefined), pattern ? text(what, max).regex(...pattern) : text(what, max)]);
