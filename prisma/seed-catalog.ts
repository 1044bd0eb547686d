import { createHash } from "node:crypto";
import type { PrismaClient } from "@/server/db/generated/client";
import type { BaseImageStatus } from "@/server/db/generated/enums";
import { recordAudit } from "@/server/audit/record";
import type { RequestMeta } from "@/server/identity/actor";
import { buildDemoBases, type DemoBases } from "@/oci/build/demo-images";

// The sandbox's starter catalog: the images IT operations typically approve. Three are the sandbox registry's demo
// bases (oci/build/demo-images.ts), pinned by their digests, so an app image built on one is matched to its catalog
// entry by its layers; the other digests are made up (derived from the reference, so they are stable across seeds).
// Never seed them outside the sandbox.

interface SeedImage {
  key: string;
  family: "os" | "app-server";
  name: string;
  version: string;
  repository: string;
  status: BaseImageStatus;
  endOfLife: string | null;
  /** Key of the image to rebase onto. */
  successor?: string;
  /** The sandbox registry's demo base whose digest this entry pins. */
  demo?: keyof DemoBases;
  notes: string;
}

const CATALOG: SeedImage[] = [
  { key: "ubi8", family: "os", name: "Red Hat UBI", version: "8.10", repository: "registry.access.redhat.com/ubi8/ubi", status: "deprecated", endOfLife: "2029-05-31", successor: "ubi9", notes: "RHEL 8 is in maintenance support; rebase onto UBI 9." },
  { key: "ubi9", family: "os", name: "Red Hat UBI", version: "9.6", repository: "registry.access.redhat.com/ubi9/ubi", status: "approved", endOfLife: "2032-05-31", notes: "Default Linux base.", demo: "ubi" },
  { key: "ubuntu2204", family: "os", name: "Ubuntu", version: "22.04 LTS", repository: "docker.io/library/ubuntu", status: "deprecated", endOfLife: "2027-06-01", successor: "ubuntu2404", notes: "Standard support ends 2027; rebase onto 24.04." },
  { key: "ubuntu2404", family: "os", name: "Ubuntu", version: "24.04 LTS", repository: "docker.io/library/ubuntu", status: "approved", endOfLife: "2029-06-01", notes: "" },
  { key: "win2019", family: "os", name: "Windows Server Core", version: "2019 LTSC", repository: "mcr.microsoft.com/windows/servercore", status: "deprecated", endOfLife: "2029-01-09", successor: "win2022", notes: "Mainstream support ended; rebase onto 2022 LTSC." },
  { key: "win2022", family: "os", name: "Windows Server Core", version: "2022 LTSC", repository: "mcr.microsoft.com/windows/servercore", status: "approved", endOfLife: "2031-10-14", notes: "Azure Container Instances only among the sandbox targets.", demo: "windows" },
  { key: "tomcat9", family: "app-server", name: "Apache Tomcat on UBI 9", version: "9.0", repository: "registry.example.com/platform/tomcat9-ubi9", status: "deprecated", endOfLife: "2027-03-31", successor: "tomcat10", notes: "javax.* applications; migrate to jakarta.* and Tomcat 10." },
  { key: "tomcat10", family: "app-server", name: "Apache Tomcat on UBI 9", version: "10.1", repository: "registry.example.com/platform/tomcat10-ubi9", status: "approved", endOfLife: null, notes: "" },
  { key: "eap74", family: "app-server", name: "Red Hat JBoss EAP", version: "7.4", repository: "registry.redhat.io/jboss-eap-7/eap74-openjdk17-runtime-openshift-rhel8", status: "deprecated", endOfLife: "2029-06-30", successor: "eap8", notes: "Maintenance support only; plan the move to EAP 8." },
  { key: "eap8", family: "app-server", name: "Red Hat JBoss EAP", version: "8.0", repository: "registry.redhat.io/jboss-eap-8/eap8-openjdk17-runtime-openshift-rhel9", status: "approved", endOfLife: "2033-02-28", notes: "" },
  { key: "liberty-old", family: "app-server", name: "WebSphere Liberty", version: "23.0.0.3", repository: "icr.io/appcafe/websphere-liberty", status: "revoked", endOfLife: null, successor: "liberty", notes: "Revoked: fix pack with a remote code execution flaw; rebase onto 25.0.0.6.", demo: "liberty" },
  { key: "liberty", family: "app-server", name: "WebSphere Liberty", version: "25.0.0.6", repository: "icr.io/appcafe/websphere-liberty", status: "approved", endOfLife: null, notes: "Kernel image with the Jakarta EE 10 features the platform supports." },
  { key: "java17", family: "app-server", name: "OpenJDK runtime on UBI 9", version: "17", repository: "registry.access.redhat.com/ubi9/openjdk-17-runtime", status: "approved", endOfLife: "2027-10-31", notes: "" },
  { key: "java21", family: "app-server", name: "OpenJDK runtime on UBI 9", version: "21", repository: "registry.access.redhat.com/ubi9/openjdk-21-runtime", status: "approved", endOfLife: "2029-12-31", notes: "" },
  { key: "node20", family: "app-server", name: "Node.js runtime on UBI 9", version: "20", repository: "registry.access.redhat.com/ubi9/nodejs-20-minimal", status: "deprecated", endOfLife: "2026-04-30", successor: "node22", notes: "Node.js 20 reached its end of life: deploys are refused until the app is rebased onto Node.js 22." },
  { key: "node22", family: "app-server", name: "Node.js runtime on UBI 9", version: "22", repository: "registry.access.redhat.com/ubi9/nodejs-22-minimal", status: "approved", endOfLife: "2027-04-30", notes: "" },
];

const reference = (image: SeedImage, bases: DemoBases) =>
  image.demo ? `${image.repository}@${bases[image.demo].root.digest}` : `${image.repository}@sha256:${createHash("sha256").update(`${image.repository}:${image.version}`).digest("hex")}`;

/** Adds the catalog images that are missing, successors first so every link resolves. Returns key → id. */
export async function seedCatalog(db: PrismaClient, who: { actor: null; meta: RequestMeta }, approvedById: string | null, log: (line: string) => void) {
  const ids = new Map<string, string>();
  const bases = await buildDemoBases();
  const ordered = [...CATALOG.filter((i) => !i.successor), ...CATALOG.filter((i) => i.successor)];
  for (const image of ordered) {
    const existing = await db.baseImage.findUnique({ where: { name_version: { name: image.name, version: image.version } }, select: { id: true } });
    if (existing) {
      ids.set(image.key, existing.id);
      continue;
    }
    const created = await db.$transaction(async (tx) => {
      const row = await tx.baseImage.create({
        data: {
          family: image.family,
          name: image.name,
          version: image.version,
          reference: reference(image, bases),
          status: image.status,
          endOfLife: image.endOfLife ? new Date(`${image.endOfLife}T00:00:00Z`) : null,
          successorId: image.successor ? ids.get(image.successor) : null,
          notes: image.notes,
          approvedById,
        },
      });
      await recordAudit(tx, who, { action: "base-image.create", outcome: "ok", resourceType: "base-image", resourceId: row.id, after: row });
      return row;
    });
    ids.set(image.key, created.id);
    log(`seeded base image ${image.name} ${image.version} (${image.status})`);
  }
  return ids;
}
