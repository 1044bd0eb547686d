import { createBaseImageInput, updateBaseImageInput } from "@/server/catalog/contract-schemas";

// The catalog API's own schemas; editing changes only what may change on an image. Loaded by the forms on
// their first validation (lazyZodResolver), so zod is not part of the page's first load.
export const createSchema = createBaseImageInput;
export const editSchema = updateBaseImageInput.required({ endOfLife: true, notes: true, successorId: true });
