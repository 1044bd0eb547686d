// The targets domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { PROVIDER_KINDS, TLS_VERSIONS, type ProviderKind, type TargetCoordinates } from "@/providers/types";
export { tlsInfrastructure } from "@/providers/tls-infrastructure";
