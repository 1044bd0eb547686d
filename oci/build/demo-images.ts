// The sandbox's demo images, built offline and the same each time: the base images the sandbox catalog approves or
// revokes (a UBI 9.6 for linux/amd64 and linux/arm64, a Windows Server Core for windows/amd64, a WebSphere Liberty
// 23.0.0.3 built on the UBI), whose digests do not depend on the registry they are pushed to; and three apps: "shop"
// on the UBI, signed with the sandbox key as a Sigstore bundle referring to its index; "orders" on the Liberty, signed
// in cosign's tag layout; and "prototype" on the UBI, unsigned. Signatures are ECDSA, so theirs differ at each build. The layers are small
// stand-ins (text files), not operating systems: what matters to Bulkhead is their digests, order and manifests.
import type { BuiltManifest, Platform } from "./blob";
import { type BuiltImage, buildImage } from "./image";
import { buildIndex } from "./image-index";
import { bundleSignature, cosignTagSignature } from "./signature";
import { labelledSigningKey, SANDBOX_SIGNING_KEY_LABEL } from "./signing-key";

const LINUX: Platform[] = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64", variant: "v8" },
];
const WINDOWS: Platform = { os: "windows", architecture: "amd64", "os.version": "10.0.20348.2227" };

export interface DemoImage {
  repository: string;
  tag: string;
  root: BuiltManifest;
  /** Per platform ("os/arch"), the image manifest. */
  images: Record<string, BuiltImage>;
}

export interface DemoBases {
  ubi: DemoImage;
  windows: DemoImage;
  /** Built on the UBI; the sandbox catalog has it revoked. */
  liberty: DemoImage;
}

export interface DemoImages extends DemoBases {
  app: DemoImage;
  /** The app's signature: a Sigstore bundle referring to its index. */
  signature: BuiltManifest;
  /** Built on the Liberty base. */
  orders: DemoImage;
  /** Its signature in cosign's tag layout: the manifest and the `sha256-<hex>.sig` tag to push it under. */
  ordersSignature: { manifest: BuiltManifest; tag: string };
  /** On the UBI, unsigned. */
  prototype: DemoImage;
}

const key = (platform: Platform) => `${platform.os}/${platform.architecture}`;

async function multiPlatform(repository: string, tag: string, platforms: Platform[], build: (platform: Platform) => Promise<BuiltImage>): Promise<DemoImage> {
  const images = await Promise.all(platforms.map(build));
  return { repository, tag, root: buildIndex(images), images: Object.fromEntries(images.map((image) => [key(image.platform), image])) };
}

/** Where the sandbox catalog says its base images come from: the names their own annotations give their bases. */
const PUBLISHED = { ubi: "registry.access.redhat.com/ubi9/ubi:9.6" };

/** The base images; their digests are the same whatever registry holds them. */
export async function buildDemoBases(): Promise<DemoBases> {
  const ubi = await multiPlatform("ubi9/ubi", "9.6", LINUX, (platform) =>
    buildImage({
      platform,
      layers: [[{ path: "etc/os-release", content: `NAME="Red Hat Enterprise Linux"\nVERSION_ID="9.6"\nID="rhel"\n# ${platform.architecture}\n` }, { path: "usr/bin/microdnf", content: `#!/bin/sh\necho ${platform.architecture}\n`, mode: 0o755 }]],
      runtime: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/bash"] },
    }),
  );
  const windows = await multiPlatform("windows/servercore", "ltsc2022", [WINDOWS], (platform) =>
    buildImage({ platform, layers: [[{ path: "Files/Windows/System32/ver.txt", content: "Microsoft Windows [Version 10.0.20348.2227]\r\n" }]], runtime: { Cmd: ["c:\\windows\\system32\\cmd.exe"] } }),
  );
  const liberty = await multiPlatform("appcafe/websphere-liberty", "23.0.0.3", LINUX, (platform) =>
    buildImage({
      platform,
      base: { name: PUBLISHED.ubi, image: ubi.images[key(platform)] },
      layers: [[{ path: "opt/ibm/wlp/lib/versions/WebSphereApplicationServer.properties", content: "com.ibm.websphere.productVersion=23.0.0.3\n" }]],
      runtime: { Cmd: ["/opt/ibm/wlp/bin/server", "run", "defaultServer"], ExposedPorts: { "9080/tcp": {} } },
    }),
  );
  return { ubi, windows, liberty };
}

/** The demo images; `registry` (host:port) is only written into the apps' base.name annotations. */
export async function buildDemoImages(registry: string): Promise<DemoImages> {
  const { ubi, windows, liberty } = await buildDemoBases();
  const baseName = `${registry}/${ubi.repository}:${ubi.tag}`;
  const app = await multiPlatform("team-a/shop", "1.0", LINUX, (platform) =>
    buildImage({
      platform,
      base: { name: baseName, image: ubi.images[key(platform)] },
      layers: [[{ path: "app/server.sh", content: "#!/bin/sh\nexec echo shop listening on 8080\n", mode: 0o755 }], [{ path: "app/VERSION", content: "1.0\n" }]],
      runtime: { Cmd: ["/app/server.sh"], ExposedPorts: { "8080/tcp": {} } },
    }),
  );
  const orders = await multiPlatform("team-a/orders", "1.0", LINUX, (platform) =>
    buildImage({
      platform,
      base: { name: `${registry}/${liberty.repository}:${liberty.tag}`, image: liberty.images[key(platform)] },
      layers: [[{ path: "config/apps/orders.war", content: "orders 1.0\n" }]],
      runtime: { Cmd: ["/opt/ibm/wlp/bin/server", "run", "defaultServer"], ExposedPorts: { "9080/tcp": {} } },
    }),
  );
  const prototype = await multiPlatform("team-a/prototype", "0.1", LINUX, (platform) =>
    buildImage({
      platform,
      base: { name: baseName, image: ubi.images[key(platform)] },
      layers: [[{ path: "app/prototype.sh", content: "#!/bin/sh\nexec echo prototype listening on 8080\n", mode: 0o755 }]],
      runtime: { Cmd: ["/app/prototype.sh"], ExposedPorts: { "8080/tcp": {} } },
    }),
  );
  const signing = { privateKey: labelledSigningKey(SANDBOX_SIGNING_KEY_LABEL).privateKey };
  const signature = bundleSignature(app.root, `${registry}/${app.repository}`, signing);
  const ordersSignature = cosignTagSignature(orders.root, `${registry}/${orders.repository}`, signing);
  return { ubi, windows, liberty, app, signature, orders, ordersSignature, prototype };
}
