import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/server/apps/service";
import { stopQueue } from "@/server/jobs/queue";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { createTeamToken } from "@/server/tokens/service";
import { VERSION } from "./lib/version";

// The CLI as a package: `npm run cli:pack` (the bundle and its entry, packed by npm) installed into a project
// elsewhere with plain `npm install <tarball>`, then `npx bulkhead` there, with nothing on the PATH but the system's
// own Node and npm (another major): the package's `node` dependency brings the Node 24 it runs on.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
let work: string;
let consumer: string;
let tarball: string;
let server: ApiServer;
let token: string;
const systemPath = "/usr/bin:/bin";
/** Only these variables, as a CI job's step would have them. */
const only = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  work = await mkdtemp(path.join(os.tmpdir(), "bulkhead-pack-"));
  const repoPath = `${path.dirname(process.execPath)}:${systemPath}`;
  await run(process.execPath, ["--import", "tsx", "scripts/cli-build.ts"], { cwd: root, env: { ...process.env, PATH: repoPath } });
  const packed = await run("npm", ["pack", "./cli", "--pack-destination", work, "--json"], { cwd: root, env: { ...process.env, PATH: repoPath } });
  tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
  consumer = path.join(work, "project");
  await run("mkdir", [consumer]);
  await writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "ci-project", version: "1.0.0", private: true }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: consumer, env: { ...process.env, PATH: repoPath }, timeout: 240_000 });
  server = await startApiServer();
  const team = await makeTeam("Packed");
  const developer = await makeCaller("developer", [team.id]);
  await createApp(developer, { teamId: team.id, name: "packed-app", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id });
  token = (await createTeamToken(developer, { teamId: team.id, name: "packed", abilities: ["read"], expiresInDays: 1 })).secret;
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await stopQueue();
  if (work) await rm(work, { recursive: true, force: true });
});

const npx = (args: string[], env: Record<string, string> = {}) =>
  run("npx", ["--no-install", "bulkhead", ...args], { cwd: consumer, env: only({ PATH: systemPath, HOME: consumer, ...env }) }).catch((error: { code: number; stdout: string; stderr: string }) => error);

describe("the packed CLI", () => {
  it("holds its entry and the bundle only", async () => {
    const listed = await run("tar", ["-tzf", tarball]);
    expect(listed.stdout.trim().split("\n").sort()).toEqual(["package/bin/bulkhead.mjs", "package/dist/bulkhead.mjs", "package/dist/bulkhead.schema.json", "package/package.json"]);
  });

  it("names the same Node major and version as the repository", async () => {
    const cli = JSON.parse(await readFile(path.join(root, "cli/package.json"), "utf8")) as { engines: { node: string }; version: string; dependencies: { node: string } };
    const repo = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as { engines: { node: string }; dependencies: { node: string } };
    expect(cli.engines).toEqual(repo.engines);
    expect(cli.dependencies.node).toBe(repo.dependencies.node);
    expect(cli.version).toBe(VERSION);
  });

  it("runs with npx in the project that installed it, on the Node its install brought, although the system's is another", async () => {
    const system = await run("node", ["--version"], { env: only({ PATH: systemPath }) });
    expect(system.stdout.trim()).not.toMatch(/^v24\./);
    const version = await npx(["--version"]);
    expect(version.stdout.trim()).toBe(VERSION);
  });

  it("calls the API with a token from the environment", async () => {
    const answer = await npx(["--json", "apps", "list"], { BULKHEAD_URL: server.url, BULKHEAD_TOKEN: token });
    expect((JSON.parse(answer.stdout) as { name: string }[]).map((app) => app.name)).toEqual(["packed-app"]);
    const schema = JSON.parse((await npx(["schema"])).stdout) as { title: string };
    expect(schema.title).toBe("bulkhead.yaml");
  });

  it("refuses another Node major in one line, like the repository's entry points", async () => {
    const refused = await run("/usr/bin/node", [path.join(consumer, "node_modules/bulkhead-cli/bin/bulkhead.mjs"), "--version"]).catch((error: { code: number; stderr: string }) => error);
    expect("code" in refused && refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^\[bulkhead\] bulkhead runs on Node\.js 24, .* this is Node\.js v\d+/);
  });
});
