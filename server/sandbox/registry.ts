import { randomBytes, randomUUID } from "node:crypto";
import { pushDemoImages } from "@/oci/build/push-demo-images";
import { startRegistryEmulator } from "@/oci/emulator/emulator";
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import { registryCredentialFor, sealedRegistryPassword } from "@/server/registries/service";

// The sandbox's container registry: the OCI registry emulator on loopback, holding the demo images (base images and
// apps built on them, two of them signed with the sandbox signing key), and a pull credential for each team, sealed in the database like any team's. The
// registry keeps nothing on disk, so each start pushes the images again and lets in the credentials already stored
// (a person who replaced one keeps it), adding one for a team that has none.

const PUSHER = "bulkhead-sandbox";

export interface SandboxRegistry {
  /** host:port, as image references name it. */
  host: string;
  stop(): Promise<void>;
}

/** Each team's stored credential for `host`, adding (and auditing) one for a team that has none. */
async function teamPullers(host: string): Promise<Record<string, string>> {
  const users: Record<string, string> = {};
  const teams = await db().team.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } });
  for (const team of teams) {
    const stored = await registryCredentialFor(team.id, host);
    if (stored) {
      users[stored.username] = stored.password;
      continue;
    }
    const id = randomUUID();
    const username = `${team.slug}-puller`;
    const password = randomBytes(18).toString("base64url");
    await db().$transaction(async (tx) => {
      await tx.registryCredential.create({ data: { id, teamId: team.id, registry: host, username, secret: sealedRegistryPassword(id, password) } });
      const system = { actor: null, meta: { requestId: `sandbox-${randomUUID()}`, sourceIp: null, userAgent: "bulkhead-start" } };
      await recordAudit(tx, system, { action: "registry-credential.set", outcome: "ok", resourceType: "team", resourceId: team.id, teamId: team.id, reason: "the sandbox registry's pull credential", after: { id, registry: host, username } });
    });
    users[username] = password;
  }
  return users;
}

export async function startSandboxRegistry({ port, log }: { port: number; log: (line: string) => void }): Promise<SandboxRegistry> {
  const host = `127.0.0.1:${port}`;
  const pullers = await teamPullers(host);
  const pusher = { username: PUSHER, password: randomBytes(18).toString("base64url") };
  const registry = await startRegistryEmulator({ port, users: { ...pullers, [pusher.username]: pusher.password }, pullOnly: Object.keys(pullers) });
  try {
    const demo = await pushDemoImages(registry.host, pusher);
    const images = [demo.ubi, demo.windows, demo.liberty, demo.app, demo.orders, demo.prototype].map((image) => `${image.repository}:${image.tag}`);
    log(`sandbox registry ${registry.url}: ${images.join(", ")} (shop signed as a Sigstore bundle, orders in cosign's tag layout, prototype unsigned); pull credentials for ${Object.keys(pullers).length} teams`);
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return { host: registry.host, stop: () => registry.stop() };
}
