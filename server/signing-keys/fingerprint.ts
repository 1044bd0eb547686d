/** A key's fingerprint (SHA-256 of its SubjectPublicKeyInfo, hex) as people compare them: the first 16 hex digits in
 * pairs. No node:crypto, so pages may show it. */
export const shortFingerprint = (fingerprint: string) => fingerprint.slice(0, 16).match(/../g)!.join(":");
