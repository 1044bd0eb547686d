// The targets domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Providers reach the browser as plain data (targets.providers, and each
// target's providerName and tlsInfrastructure). Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { TLS_VERSIONS, type FieldInput, type FormField, type ProviderDescriptor } from "@/providers/types";
