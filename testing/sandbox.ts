import { randomBytes } from "node:crypto";
import { db } from "@/server/db/client";
import { startDeploymentWorkers } from "@/server/deployments/worker";
import { stopQueue } from "@/server/jobs/queue";
import { startConnectionCheckWorkers } from "@/server/targets/connection-check";
import { startSandboxClouds } from "@/server/sandbox/clouds";
import type { ProviderKind } from "@/providers/types";
import { sandboxByKind } from "@/providers/testing/sandbox-by-kind";
import type { RunningEmulator } from "@/providers/emulator-types";

/**
 * Every registered cloud's emulator and its target in this test file's database, optionally with job workers in
 * this process. Real SDKs, real HTTP/gRPC over loopback, real pg-boss.
 */
export async function startTestSandbox(options: { provisionDelayMs?: number; probePeriodMs?: number; workers?: boolean; tokenLifetimeSeconds?: number } = {}) {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  const clouds = await startSandboxClouds({ provisionDelayMs: options.provisionDelayMs ?? 300, probePeriodMs: options.probePeriodMs, tokenLifetimeSeconds: options.tokenLifetimeSeconds });
  if (options.workers !== false) {
    await startDeploymentWorkers();
    await startConnectionCheckWorkers();
  }
  const targets = await db().target.findMany({ select: { id: true, kind: true } });
  const byKind = Object.fromEntries(clouds.clouds.clouds.map(({ kind, emulator }) => [kind, { targetId: targets.find((t) => t.kind === kind)!.id, emulator }])) as Record<
    ProviderKind,
    { targetId: string; emulator: RunningEmulator }
  >;
  return {
    byKind,
    clouds: sandboxByKind(clouds.clouds),
    emulators: clouds.emulators,
    async stop() {
      await stopQueue();
      await clouds.stop();
    },
  };
}

export const DIGEST_IMAGE = (name = "demo", hex = "a") => `registry.example.com/team/${name}@sha256:${hex.repeat(64)}`;

export const baseSettings = {
  image: DIGEST_IMAGE(),
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public" as const,
  healthCheckPath: "/healthz",
};
