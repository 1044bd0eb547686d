// The policy domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { TLS_VERSIONS } from "@/providers/types";
export type { EncryptionOverride, PlatformPolicy } from "./schemas";
export { UNVERIFIED_BASE_RULES } from "./unverified-base-rules";
export { CLASSIFICATION_CHANGE_RULES } from "./classification-change-rules";
