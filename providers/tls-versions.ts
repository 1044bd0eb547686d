// The TLS versions a policy may ask for as a minimum; its own file so the providers' schemas can use it without
// importing ./types.ts, which takes its unions from the registry.
export const TLS_VERSIONS = ["1.2", "1.3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];
