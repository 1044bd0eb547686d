// bulkhead.yaml: apps, their deployments per target, secret names and links, declared in one file that
// `bulkhead diff` compares with what runs and `bulkhead apply` makes so through the API. Built from the API's
// own input schemas (app fields, deployment settings, link fields), so the file says exactly what the API takes;
// published as JSON Schema at /api/v1/bulkhead.schema.json for editors and CI linters. Strict: a misspelt key is
// refused, naming it, rather than ignored.
import { z } from "zod";
import { appFields } from "@/server/apps/schemas";
import { baseImageEntry } from "@/server/policy/schemas";
import { envName, settingsShape } from "@/server/deployments/schemas";
import { requestLinkInput } from "@/server/links/schemas";

const linkFields = requestLinkInput.shape;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const deploymentEntry = settingsShape
  .extend({ target: z.string().trim().min(1, "Name the target (bulkhead targets list shows them)").max(200) })
  .strict()
  .refine((s) => s.minInstances <= s.maxInstances, { path: ["minInstances"], message: "Minimum instances cannot exceed maximum instances" })
  .meta({ description: "The app on one target: the deployment's settings, as deployments.deploy takes them" });

const linkEntry = z
  .object({
    to: z.string().trim().min(1).max(200).meta({ description: "The app to call: an app of this file's team by name, or another team's app by id" }),
    port: linkFields.port,
    reason: linkFields.reason,
  })
  .strict()
  .meta({ description: "An outbound network link to request; someone else approves it (four eyes)" });

const appEntry = z
  .object({
    name: appFields.shape.name,
    description: appFields.shape.description.default(""),
    classification: appFields.shape.classification,
    baseImage: z.strictObject({ name: baseImageEntry.shape.name, version: baseImageEntry.shape.version }).meta({ description: "A catalog image, by name and version" }),
    secrets: z.array(envName).max(100).default([]).meta({ description: "Names of secrets the app needs; set their values with `bulkhead secrets set` (never in this file)" }),
    links: z.array(linkEntry).max(100).default([]),
    deployments: z.array(deploymentEntry).max(50).default([]),
  })
  .strict()
  .superRefine((app, ctx) => {
    const targets = app.deployments.map((d) => d.target);
    targets.forEach((target, index) => {
      if (targets.indexOf(target) !== index) ctx.addIssue({ code: "custom", path: ["deployments", index, "target"], message: `${target} is named twice: an app has one deployment per target` });
    });
    app.secrets.forEach((name, index) => {
      if (app.secrets.indexOf(name) !== index) ctx.addIssue({ code: "custom", path: ["secrets", index], message: `${name} is listed twice` });
    });
    app.links.forEach((link, index) => {
      if (link.to === app.name) ctx.addIssue({ code: "custom", path: ["links", index, "to"], message: "An app needs no link to itself" });
    });
  });

export const manifestSchema = z
  .object({
    version: z.literal(1).meta({ description: "The file format's version" }),
    team: z.string().trim().min(1, "Name the team (its slug) the apps belong to").max(200),
    apps: z.array(appEntry).max(200),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const names = manifest.apps.map((app) => app.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: "custom", path: ["apps", index, "name"], message: `${name} is declared twice` });
    });
    manifest.apps.forEach((app, a) =>
      app.links.forEach((link, l) => {
        if (!uuid.test(link.to) && !names.includes(link.to)) {
          ctx.addIssue({ code: "custom", path: ["apps", a, "links", l, "to"], message: `${link.to} is not an app of this file: name one, or give another team's app by id` });
        }
      }),
    );
  })
  .meta({ title: "bulkhead.yaml", description: "Apps, their deployments per target, secret names and links, for `bulkhead diff` and `bulkhead apply`" });

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestApp = Manifest["apps"][number];
export type ManifestDeployment = ManifestApp["deployments"][number];

/** The JSON Schema of the file as written (defaults may be left out). */
export function manifestJsonSchema() {
  return { $id: "bulkhead.schema.json", ...z.toJSONSchema(manifestSchema, { io: "input", target: "draft-2020-12" }) };
}
