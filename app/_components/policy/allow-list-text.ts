import { z } from "zod";
import { egressDestination } from "@/server/policy/schemas";

// The egress allow-list is edited one destination per line; each line is checked by the API's own rule.

export const allowListLines = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

export const allowListText = z.string().superRefine((text, ctx) => {
  const bad = allowListLines(text).find((d) => !egressDestination.safeParse(d).success);
  if (bad) ctx.addIssue({ code: "custom", message: `${bad}: a destination is a host name (api.example.com, *.example.com) or an IPv4 CIDR (10.0.0.0/8)` });
});
