// Putting the demo images into a registry with Bulkhead's own pusher: the sandbox's registry at start, and tests.
import { buildDemoImages, type DemoImages } from "./demo-images";
import { pushManifest } from "./push";
import type { Credentials } from "@/oci/client/client";
import { RegistrySession } from "@/oci/client/session";

export async function pushDemoImages(host: string, credentials: Credentials): Promise<DemoImages> {
  const demo = await buildDemoImages(host);
  const session = new RegistrySession(host, { scheme: "http", credentials, timeoutMs: 5_000 });
  for (const image of [demo.ubi, demo.windows, demo.liberty, demo.app, demo.orders, demo.prototype]) await pushManifest(session, image.repository, image.root, image.tag);
  await pushManifest(session, demo.app.repository, demo.signature);
  await pushManifest(session, demo.orders.repository, demo.ordersSignature.manifest, demo.ordersSignature.tag);
  return demo;
}
