// Putting the demo images into a registry by skopeo from an OCI layout (Bulkhead's own pusher: oci/build/push-demo-images.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildDemoImages, type DemoImages } from "@/oci/build/demo-images";
import { writeLayout } from "@/oci/build/layout";
import { pushManifest } from "@/oci/build/push";
import type { Credentials } from "@/oci/client/client";
import { RegistrySession } from "@/oci/client/session";
import { INSECURE_ACCEPT_ANYTHING, skopeo } from "./tools";

/** The images by `skopeo copy --all --preserve-digests oci:<layout>:<tag> docker://…`; the signature by the pusher (skopeo copies images, not referrers). */
export async function copyDemoImagesWithSkopeo(host: string, credentials: Credentials): Promise<DemoImages> {
  const demo = await buildDemoImages(host);
  const directory = await mkdtemp(path.join(tmpdir(), "bulkhead-oci-layout-"));
  try {
    const policy = path.join(directory, "policy.json");
    await writeFile(policy, INSECURE_ACCEPT_ANYTHING);
    const layout = path.join(directory, "layout");
    const images = [demo.ubi, demo.windows, demo.app];
    await writeLayout(layout, Object.fromEntries(images.map((image) => [image.repository.replace("/", "-"), image.root])));
    for (const image of images) {
      await skopeo(
        ["copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", `${credentials.username}:${credentials.password}`, `oci:${layout}:${image.repository.replace("/", "-")}`, `docker://${host}/${image.repository}:${image.tag}`],
        policy,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  await pushManifest(new RegistrySession(host, { scheme: "http", credentials, timeoutMs: 5_000 }), demo.app.repository, demo.signature);
  return demo;
}
