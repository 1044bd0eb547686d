// The identity domain's contract with app/: what pages and components may import from this domain; client-safe, no zod,
// so it may sit in any page's first load. Input schemas are in ./contract-schemas.ts. Lint: eslint.config.js.
export { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from "./credential-limits";
export { roleLabels } from "./role-labels";
export { ssoErrorMessage } from "./sso-messages";
export { Role } from "@/server/db/generated/enums";
