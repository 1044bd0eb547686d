import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { setting } from "./env";

/** Where `npm start` keeps data and generated secrets; the launcher pins BULKHEAD_DATA_DIR to an absolute path.
 * turbopackIgnore: a path known only at run time, which the dashboard build must not trace into its bundle. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ setting("BULKHEAD_DATA_DIR") ?? ".data");
}

/**
 * A secret kept in a file readable only by its owner, made by `make` on first use (32 random bytes unless
 * told otherwise). For the embedded default; production sets the value through the environment instead.
 */
export async function secretFromFile(folder: string, name: string, make: () => string = () => randomBytes(32).toString("base64url")): Promise<string> {
  const file = path.join(folder, name);
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(folder, { recursive: true });
  // "wx": never overwrite a secret another process wrote in the meantime; theirs wins and is read back.
  await writeFile(file, make() + "\n", { mode: 0o600, flag: "wx" }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return (await readFile(file, "utf8")).trim();
}
