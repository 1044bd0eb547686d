// Loaded by the classification form on its first validation (lazyZodResolver), so zod is not part of the page's first
// load: the API's own schema, so the browser refuses what the server would.
export { setAppClassificationInput } from "@/server/apps/contract-schemas";
