// The signing-keys domain's contract with app/: client-safe, no zod. Input schemas are in ./contract-schemas.ts.
// Lint: eslint.config.js.
export { shortFingerprint } from "./fingerprint";
