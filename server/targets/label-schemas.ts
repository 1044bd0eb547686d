import { z } from "zod";

// A target's label keys and the longest value: the target form checks labels with these before sending (client-safe:
// zod only, no provider).
export const targetLabelKey = z.string().max(32, "Label keys: at most 32 characters").regex(/^[a-z][a-z0-9-]{0,31}$/, "Label keys: lowercase letters, digits, hyphens");
export const MAX_LABEL_VALUE = 63;
