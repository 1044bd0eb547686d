// Loaded by the registry credentials form on its first validation (lazyZodResolver), so zod is not part of the page's
// first load: the API's own schema, so the browser refuses what the server would.
export { setRegistryCredentialInput } from "@/server/registries/contract-schemas";
