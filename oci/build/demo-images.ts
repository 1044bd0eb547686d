// The sandbox's demo images, built offline and the same each time: two catalog-style base images (a UBI 9 minimal
// for linux/amd64 and linux/arm64, a Windows Server Core for windows/amd64) and an app built on the UBI base for
// both Linux platforms, with a signature-like artifact referring to the app's index. The layers are small stand-ins
// (text files), not operating systems: what matters to Bulkhead is their digests, order and manifests.
import { buildArtifact } from "./artifact";
import type { BuiltManifest, Platform } from "./blob";
import { type BuiltImage, buildImage } from "./image";
import { buildIndex } from "./image-index";

const LINUX: Platform[] = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64", variant: "v8" },
];
const WINDOWS: Platform = { os: "windows", architecture: "amd64", "os.version": "10.0.20348.2227" };

export const SIGNATURE_TYPE = "application/vnd.dev.bulkhead.demo.signature.v1+json";

export interface DemoImage {
  repository: string;
  tag: string;
  root: BuiltManifest;
  /** Per platform ("os/arch"), the image manifest. */
  images: Record<string, BuiltImage>;
}

export interface DemoImages {
  ubi: DemoImage;
  windows: DemoImage;
  app: DemoImage;
  /** Refers to the app's index. */
  signature: BuiltManifest;
}

const key = (platform: Platform) => `${platform.os}/${platform.architecture}`;

async function multiPlatform(repository: string, tag: string, platforms: Platform[], build: (platform: Platform) => Promise<BuiltImage>): Promise<DemoImage> {
  const images = await Promise.all(platforms.map(build));
  return { repository, tag, root: buildIndex(images), images: Object.fromEntries(images.map((image) => [key(image.platform), image])) };
}

/** The demo images; `registry` (host:port) is only written into the app's base.name annotation. */
export async function buildDemoImages(registry: string): Promise<DemoImages> {
  const ubi = await multiPlatform("bulkhead/ubi9-minimal", "9.4", LINUX, (platform) =>
    buildImage({
      platform,
      layers: [[{ path: "etc/os-release", content: `NAME="Red Hat Enterprise Linux"\nVERSION_ID="9.4"\nID="rhel"\n# ${platform.architecture}\n` }, { path: "usr/bin/microdnf", content: `#!/bin/sh\necho ${platform.architecture}\n`, mode: 0o755 }]],
      runtime: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/bash"] },
    }),
  );
  const windows = await multiPlatform("bulkhead/windows-servercore", "ltsc2022", [WINDOWS], (platform) =>
    buildImage({ platform, layers: [[{ path: "Files/Windows/System32/ver.txt", content: "Microsoft Windows [Version 10.0.20348.2227]\r\n" }]], runtime: { Cmd: ["c:\\windows\\system32\\cmd.exe"] } }),
  );
  const baseName = `${registry}/${ubi.repository}:${ubi.tag}`;
  const app = await multiPlatform("team-a/shop", "1.0", LINUX, (platform) =>
    buildImage({
      platform,
      base: { name: baseName, image: ubi.images[key(platform)] },
      layers: [[{ path: "app/server.sh", content: "#!/bin/sh\nexec echo shop listening on 8080\n", mode: 0o755 }], [{ path: "app/VERSION", content: "1.0\n" }]],
      runtime: { Cmd: ["/app/server.sh"], ExposedPorts: { "8080/tcp": {} } },
    }),
  );
  const signature = buildArtifact({
    subject: app.root,
    artifactType: SIGNATURE_TYPE,
    payload: Buffer.from(JSON.stringify({ critical: { image: { "docker-manifest-digest": app.root.digest } }, signer: "demo" })),
    payloadMediaType: "application/vnd.dev.bulkhead.demo.payload.v1+json",
    annotations: { "org.opencontainers.image.created": "1970-01-01T00:00:00Z" },
  });
  return { ubi, windows, app, signature };
}
