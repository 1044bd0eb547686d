import { z } from "zod";
import { egressDestination } from "@/server/policy/contract-schemas";
import { allowListLines } from "./allow-list-text";

// The allow-list textarea, each line checked by the API's own rule. Only the forms' lazily loaded schemas
// import it, so zod stays out of the policy page's first load.
export const allowListText = z.string().superRefine((text, ctx) => {
  const bad = allowListLines(text).find((d) => !egressDestination.safeParse(d).success);
  if (bad) ctx.addIssue({ code: "custom", message: `${bad}: a destination is a host name (api.example.com, *.example.com) or an IPv4 CIDR (10.0.0.0/8)` });
});
