import { TLS_VERSIONS, type FormField } from "@/server/targets/contract";

export const DEFAULT_TLS_VERSION = TLS_VERSIONS[0];

/** One input of the target form: [field path in createTargetInput, label, kind of input]. */
export type TargetField = FormField;

// Each provider's fields come from the server (targets.providers: ProviderDescriptor), which has them from the provider.

/** How Bulkhead reaches the provider when not at its public endpoints (a private endpoint, an emulator). */
export const connectionFields: TargetField[] = [
  ["endpoint", "API endpoint (optional)", "text"],
  ["caCertificate", "CA certificate to trust for it (PEM, optional)", "multiline"],
];

/**
 * The form's flat values as the nested object createTargetInput expects, under `prefix` ("coordinates." or
 * "credentials."). With `optional`, empty text fields and nested groups with no text filled in are left out.
 */
export function nestedValues(fields: TargetField[], values: Record<string, string>, prefix: string, optional = false): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const filled = new Set<string>();
  for (const [path, , input] of fields.filter(([path]) => path.startsWith(prefix))) {
    const keys = path.slice(prefix.length).split(".");
    const raw = values[path] ?? (input === "tls-version" ? DEFAULT_TLS_VERSION : "");
    const value = input === "list" ? raw.split(",").map((item) => item.trim()).filter(Boolean) : input === "flag" ? raw === "true" : raw;
    const typed = input !== "list" && input !== "flag" && input !== "tls-version";
    if (optional && keys.length === 1 && typed && !raw.trim()) continue;
    if (keys.length > 1 && typed && raw.trim()) filled.add(keys[0]);
    let node = result;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  for (const [key, value] of Object.entries(result)) {
    if (optional && typeof value === "object" && !Array.isArray(value) && !filled.has(key)) delete result[key];
  }
  return result;
}

/** A stored target as the form's flat values, for editing: nestedValues' inverse over the same fields. */
export function flatValues(fields: TargetField[], stored: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [path, , input] of fields) {
    const value = path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), stored);
    if (value === undefined || value === null) continue;
    values[path] = input === "list" && Array.isArray(value) ? value.join(", ") : String(value);
  }
  return values;
}
