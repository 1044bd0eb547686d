// The plain-data part of a provider's module (./provider-module.ts) that the browser gets from the server: no zod, no SDK,
// so the target form and the lists can show any registered provider without importing providers/.

/** How a form field is entered: text, comma-separated list, secret, checkbox, TLS version, or multi-line text. */
export const FIELD_INPUTS = ["text", "list", "secret", "flag", "tls-version", "multiline", "multiline-secret"] as const;
export type FieldInput = (typeof FIELD_INPUTS)[number];

/** One input of the target form: its path in createTargetInput (e.g. "coordinates.cluster"), its label, its kind of input. */
export type FormField = [path: string, label: string, input: FieldInput];

export interface ProviderDescriptor {
  kind: string;
  displayName: string;
  /** Coordinates besides kind and region, lasting credentials, and optional TLS infrastructure. */
  form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] };
  /** Form paths never edited on a registered target (e.g. "region", "coordinates.cluster"). */
  identityPaths: string[];
}
