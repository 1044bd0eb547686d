// The catalog domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { familyLabels, statusEffects, statusTones } from "./labels";
export { nextLifecycleMove } from "./lifecycle";
export { rebaseDue, REBASE_WARN_DAYS, type RebaseDue } from "./rebase-due";
export type { BaseImageFamily } from "./schemas";
export { daysToEndOfLife, endOfLifeDistance, endOfLifePassed } from "./end-of-life";
