import { z } from "zod";
import { settingsShape } from "@/server/deployments/contract-schemas";
import { parseKeyValueText } from "@/app/_lib/key-value-text";
import { envRule } from "./env-rule";

export { envRule };

// The API's own settings schema; env is edited as KEY=value lines and the target is chosen here. Loaded by
// the form on its first validation (lazyZodResolver), so zod is not part of the page's first load.
export const deployFormSchema = settingsShape.omit({ env: true }).extend({
  targetId: z.string().uuid("Choose a target"),
  // Every bad line is named on the field, with its number and why; nothing is dropped silently.
  envText: z.string().superRefine((text, context) => {
    const { problems } = parseKeyValueText(text, envRule);
    if (problems.length) context.addIssue({ code: "custom", message: problems.map((problem) => problem.message).join(" · ") });
  }),
});
