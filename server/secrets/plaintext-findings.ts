import { credentialLikeValue, looksLikeSecretName } from "./plaintext-guard";

// Pure: where in a JSON value something looks like a plaintext secret — a string under a secret-looking key
// (env maps: {"DB_PASSWORD": "…"}), a {name, value} pair with a secret-looking name (ECS environment entries), or a
// string that looks like a credential itself. Says where and why, never what.

export interface PlaintextFinding {
  path: string;
  why: string;
}

export function plaintextFindings(value: unknown, path = "$"): PlaintextFinding[] {
  if (typeof value === "string") {
    const looks = credentialLikeValue(value);
    return looks ? [{ path, why: `looks like ${looks}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => plaintextFindings(item, `${path}[${index}]`));
  if (!value || typeof value !== "object") return [];
  const entries = Object.entries(value);
  const pairName = (value as { name?: unknown }).name;
  const pairValue = (value as { value?: unknown }).value;
  if (typeof pairName === "string" && typeof pairValue === "string" && pairValue && looksLikeSecretName(pairName)) {
    return [{ path: `${path}.value`, why: `the value of a variable named ${pairName}` }];
  }
  return entries.flatMap(([key, item]) =>
    typeof item === "string" && item && looksLikeSecretName(key) ? [{ path: `${path}.${key}`, why: `a value under the secret-looking name ${key}` }] : plaintextFindings(item, `${path}.${key}`),
  );
}
