// Pure: does a plain environment variable look like a secret, by its name or by its value? Such variables are
// refused (store them as secrets instead) unless operators allowed the name for the team. The same rules find
// secrets already written in plaintext (revision rows, audit events).

/** Name fragments that mark a credential; matched on the upper-cased name, so DB_PASSWORD and dbPassword alike. */
export const SECRET_NAME_PARTS = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "PRIVATEKEY", "ACCESS_KEY", "CREDENTIAL"];

export function looksLikeSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME_PARTS.some((part) => upper.includes(part));
}

const VALUE_PATTERNS: [RegExp, string][] = [
  // AWS access key ids: a four-letter kind prefix and 16 upper-case letters or digits (IAM identifiers' documented form).
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/, "an AWS access key id"],
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, "a PEM private key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, "a JSON Web Token"],
];

/** Bits per character of `text`'s own character distribution. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

/**
 * A run of 32 or more base64/base64url characters mixing upper case, lower case and digits with ≥ 4 bits of entropy
 * per character reads as a generated key. Hex (digests, commit ids) and ordinary words or URLs do not qualify.
 */
function highEntropyRun(value: string): boolean {
  for (const run of value.match(/[A-Za-z0-9+/=_-]{32,}/g) ?? []) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run) && entropy(run) >= 4) return true;
  }
  return false;
}

/** What about the value looks like a credential, or null. */
export function credentialLikeValue(value: string): string | null {
  for (const [pattern, what] of VALUE_PATTERNS) if (pattern.test(value)) return what;
  return highEntropyRun(value) ? "a long random key" : null;
}

export interface PlainEnvProblem {
  field: string;
  message: string;
}

/** One problem per variable that looks like a secret and whose name the team is not allowed to keep plain. */
export function plainEnvProblems(env: Record<string, string>, allowedNames: ReadonlySet<string>): PlainEnvProblem[] {
  const problems: PlainEnvProblem[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (allowedNames.has(name)) continue;
    const why = looksLikeSecretName(name) ? "its name says it is a secret" : credentialLikeValue(value) ? `its value looks like ${credentialLikeValue(value)}` : null;
    if (why) {
      problems.push({
        field: `env.${name}`,
        message: `${name} looks like a secret (${why}): store it as a secret of the app instead of a plain variable, or ask an operator to allow it for your team`,
      });
    }
  }
  return problems;
}
