import { z } from "zod";
import { NetworkLinkStatus } from "@/server/db/generated/enums";

// What the links procedures answer: checked on the way out, and the OpenAPI document's description of it.

const end = z.object({ id: z.string(), name: z.string(), team: z.string() });

export const linkView = z.object({
  id: z.string(),
  port: z.number().int(),
  status: z.enum(NetworkLinkStatus),
  reason: z.string(),
  decisionNote: z.string(),
  from: end,
  to: end,
  crossTeam: z.boolean(),
  requestedBy: z.string().nullable(),
  requestedAt: z.date(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  revokedBy: z.string().nullable(),
  revokedAt: z.date().nullable(),
  can: z.object({ approve: z.boolean(), reject: z.boolean(), revoke: z.boolean() }),
}).meta({ id: "Link" });

export const appLinksView = z.object({ inbound: z.array(linkView), outbound: z.array(linkView) });
