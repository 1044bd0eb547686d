// The deployments domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { settingsOf } from "./spec";
export { DeploymentStatus } from "@/server/db/generated/enums";
export type { DeploymentSpec, PolicySetting } from "@/providers/types";
export type { DeploymentSettings } from "./schemas";
