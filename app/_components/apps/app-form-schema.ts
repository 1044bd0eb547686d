import { z } from "zod";
import { appFields } from "@/server/apps/contract-schemas";

// The same schema the API validates with; the team is chosen only when creating. Loaded by the form on
// its first validation (lazyZodResolver), so zod is not part of the page's first load.
export const appFormSchema = appFields.extend({ teamId: z.string().min(1, "Choose a team") });
