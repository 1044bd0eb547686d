// The AWS emulator's state folder: one JSON file (aws-ecs.json) holding the whole account, read at start and
// written after every request that changed it (to a temporary file first, then renamed over the old one, so a
// crash never leaves half a file). Maps are kept as lists of entries.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AwsAccount } from "./emulator-account";

const FILE = "aws-ecs.json";

const replacer = (_: string, value: unknown) => (value instanceof Map ? { $map: [...value] } : value);
const reviver = (_: string, value: unknown) => (value && typeof value === "object" && "$map" in value ? new Map((value as { $map: [unknown, unknown][] }).$map) : value);

function snapshot(account: AwsAccount): string {
  return JSON.stringify(
    { ecs: account.ecs.regions, secrets: account.secrets.regions, ec2: account.ec2.regions, elb: account.elb.regions, cloudMap: account.cloudMap.regions },
    replacer,
  );
}

function fill<K, V>(target: Map<K, V>, source: Map<K, V>) {
  target.clear();
  for (const [key, value] of source) target.set(key, value);
}

export class StateFolder {
  private written = "";

  constructor(
    private readonly folder: string,
    private readonly account: AwsAccount,
  ) {}

  /** Reads the account back, if an earlier run wrote it. */
  load() {
    const file = path.join(this.folder, FILE);
    if (!existsSync(file)) return;
    const text = readFileSync(file, "utf8");
    const state = JSON.parse(text, reviver);
    fill(this.account.ecs.regions, state.ecs);
    fill(this.account.secrets.regions, state.secrets);
    this.account.ec2.regions = state.ec2;
    this.account.elb.regions = state.elb;
    this.account.cloudMap.regions = state.cloudMap;
    this.account.relaunch();
    this.written = text;
  }

  /** Writes the account if it changed since the last write. */
  save() {
    const text = snapshot(this.account);
    if (text === this.written) return;
    mkdirSync(this.folder, { recursive: true });
    const file = path.join(this.folder, FILE);
    writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    this.written = text;
  }
}
