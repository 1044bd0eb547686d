import { z } from "zod";
import { settingsShape } from "@/server/deployments/schemas";

// The API's own settings schema; env is edited as KEY=value lines and the target is chosen here. Loaded by
// the form on its first validation (lazyZodResolver), so zod is not part of the page's first load.
export const deployFormSchema = settingsShape.omit({ env: true }).extend({ targetId: z.string().uuid("Choose a target"), envText: z.string() });
