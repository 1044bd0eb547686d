import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, forgetConfig, loadConfig, saveConfig } from "./config";

const folder = () => mkdtemp(path.join(os.tmpdir(), "bulkhead-config-"));

describe("the kept token", () => {
  it("lives in $BULKHEAD_CONFIG, else under $XDG_CONFIG_HOME, else ~/.config", () => {
    expect(configPath({ BULKHEAD_CONFIG: "/x/c.json" })).toBe("/x/c.json");
    expect(configPath({ XDG_CONFIG_HOME: "/cfg" })).toBe("/cfg/bulkhead/config.json");
    expect(configPath({})).toBe(path.join(os.homedir(), ".config", "bulkhead", "config.json"));
  });

  it("is written 0600, even over a file that was readable by others", async () => {
    const file = path.join(await folder(), "config.json");
    await writeFile(file, "{}", { mode: 0o644 });
    await saveConfig({ url: "https://b.example", token: "bh_x" }, file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ url: "https://b.example", token: "bh_x" });
  });

  it("gives way to BULKHEAD_URL and BULKHEAD_TOKEN, which need no file at all", async () => {
    const file = path.join(await folder(), "config.json");
    await saveConfig({ url: "https://saved.example", token: "bh_saved" }, file);
    expect(await loadConfig({ BULKHEAD_CONFIG: file })).toEqual({ url: "https://saved.example", token: "bh_saved" });
    expect(await loadConfig({ BULKHEAD_CONFIG: file, BULKHEAD_URL: "https://ci.example", BULKHEAD_TOKEN: "bh_ci" })).toEqual({ url: "https://ci.example", token: "bh_ci" });
    expect(await forgetConfig(file)).toBe(true);
    await expect(loadConfig({ BULKHEAD_CONFIG: file })).rejects.toMatchObject({ code: 4 });
  });
});
