// Loaded by the signing key form on its first validation (lazyZodResolver), so zod is not part of the page's first
// load: the API's own schema, so the browser refuses what the server would.
export { addSigningKeyInput } from "@/server/signing-keys/contract-schemas";
