// A spec's secrets as every adapter sees them: references (name, version, fingerprint) in specs and plans,
// values only inside apply. Pure helpers the three providers share: the checks a reference must pass, the
// placeholder a plan shows where the value will go, and apply's refusal when a value is missing.
import { ProviderError } from "./errors";
import type { DeploymentSpec, SecretReference, SecretValues, SpecProblem } from "./types";

/** What a fingerprint looks like: hex, base64 or base64url, as a truncated HMAC is written. */
const FINGERPRINT = /^[A-Za-z0-9+/=_-]{1,128}$/;

/** The spec's secrets in name order, so the same spec always plans the same requests. */
export function secretsOf(spec: DeploymentSpec): SecretReference[] {
  return [...(spec.secrets ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Stands where a request carries a secret's value: which secret, which version, which fingerprint. Never the value. */
export function secretPlaceholder(ref: SecretReference): string {
  return `(secret ${ref.name} version ${ref.version}, fingerprint ${ref.fingerprint}: the value is sent only at apply)`;
}

/** The problem's field for a secret: `secrets.<NAME>`. */
export const secretField = (ref: Pick<SecretReference, "name">) => `secrets.${ref.name}`;

/**
 * Problems any provider refuses: a name that is also an `env` key (the container would see one of the two),
 * a name given twice, a version that is not 1, 2, …, a fingerprint that is not one. Each adapter adds its
 * provider's own name rules and limits.
 */
export function secretReferenceProblems(spec: DeploymentSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  for (const ref of spec.secrets ?? []) {
    const field = secretField(ref);
    if (seen.has(ref.name)) problems.push({ field, message: `The secret ${ref.name} is listed twice` });
    seen.add(ref.name);
    if (Object.hasOwn(spec.env, ref.name)) problems.push({ field, message: `The secret ${ref.name} has the name of an environment variable; rename one of them, the container can see only one` });
    if (!Number.isInteger(ref.version) || ref.version < 1) problems.push({ field, message: `The version of secret ${ref.name} must be a whole number from 1 (got ${ref.version})` });
    if (!FINGERPRINT.test(ref.fingerprint)) problems.push({ field, message: `The fingerprint of secret ${ref.name} must be 1–128 letters, digits or + / = _ -` });
  }
  return problems;
}

/**
 * apply's check before any cloud call: a value for every secret the spec names. The refusal names the
 * secrets without a value and never prints a value.
 */
export function requireSecretValues(spec: DeploymentSpec, values: SecretValues | undefined): SecretValues {
  const missing = secretsOf(spec).filter((ref) => typeof values?.[ref.name] !== "string");
  if (missing.length) {
    const names = missing.map((ref) => ref.name).join(", ");
    throw new ProviderError("invalid", `apply was given no value for the secret${missing.length > 1 ? "s" : ""} ${names} that the spec names`, secretField(missing[0]));
  }
  return values ?? {};
}

/** Replaces every secret value in a text (an error message, say) with `***`. */
export function redactSecretValues(text: string, values: SecretValues | undefined): string {
  return Object.values(values ?? {})
    .filter((value) => value.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((out, value) => out.split(value).join("***"), text);
}
