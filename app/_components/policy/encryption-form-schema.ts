import { encryptionPolicy } from "@/server/policy/contract-schemas";
import { allowListText } from "./allow-list-schema";

// The API's own encryption schema, the allow-list as text. Loaded by the form on its first validation
// (lazyZodResolver), so zod is not part of the page's first load.
export const encryptionFormSchema = encryptionPolicy.omit({ egressAllowList: true }).extend({ egressAllowListText: allowListText });
