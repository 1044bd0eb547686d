import type { Tx } from "@/server/db/client";
import { resourceNameFor } from "@/server/deployments/spec";
import type { NetworkLink } from "@/providers/types";

const ends = { select: { id: true, name: true } } as const;

/**
 * The approved links touching this app, as the providers name apps (their spec name, fixed per app): what a
 * deploy of it renders into its plan. Anything else stays denied.
 */
export async function approvedLinksOf(tx: Tx, appId: string): Promise<NetworkLink[]> {
  const links = await tx.networkLink.findMany({
    where: { status: "approved", OR: [{ fromAppId: appId }, { toAppId: appId }] },
    select: { port: true, fromApp: ends, toApp: ends },
    orderBy: { requestedAt: "asc" },
  });
  return links.map((link) => ({ from: resourceNameFor(link.fromApp), to: resourceNameFor(link.toApp), port: link.port }));
}
