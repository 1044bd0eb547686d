import path from "node:path";
import { startCloudSandbox, type CloudSandbox } from "@/providers/sandbox-clouds";
import type { RunningEmulator } from "@/providers/emulator-types";
import { upsertSandboxTarget } from "@/server/targets/service";
import { setting } from "@/server/config/env";

// The sandbox: every registered cloud's local emulator with its token services (providers/sandbox-clouds.ts), started
// in this process, and a target for each holding lasting credentials, so their tokens are renewed as on real clouds.
// Each provider's sandbox (its providers/<kind>/sandbox.ts) says what its target declares: the TLS infrastructure made
// in its emulator, so an operator can require ingress TLS and see it enforced everywhere, and raise the minimum to
// TLS 1.3 and see the targets whose TLS policy allows 1.2 flagged.

function sandboxTargets(clouds: CloudSandbox) {
  return clouds.clouds.map(({ target }) => ({
    name: target.name,
    coordinates: target.coordinates,
    credentials: target.credentials,
    labels: { residency: "eu", ...target.labels, sandbox: "true" },
    endpoint: target.endpoint,
    caCertificate: target.caCertificate,
  }));
}

/**
 * Emulators that keep their state keep it here, so restarting Bulkhead is not a wipe of its clouds: in the data folder
 * the launcher pins (BULKHEAD_DATA_DIR), never in tests, which start fresh clouds per file.
 */
const cloudsDir = () => {
  const dataDir = setting("BULKHEAD_DATA_DIR");
  return dataDir ? path.join(dataDir, "clouds") : undefined;
};

export async function startSandboxClouds(options: { provisionDelayMs?: number; probePeriodMs?: number; tokenLifetimeSeconds?: number } = {}): Promise<{ clouds: CloudSandbox; emulators: RunningEmulator[]; stop(): Promise<void> }> {
  const clouds = await startCloudSandbox({ ...options, stateDir: cloudsDir() });
  try {
    for (const target of sandboxTargets(clouds)) await upsertSandboxTarget(target);
  } catch (error) {
    await clouds.stop();
    throw error;
  }
  return { clouds, emulators: clouds.clouds.map((cloud) => cloud.emulator), stop: () => clouds.stop() };
}
