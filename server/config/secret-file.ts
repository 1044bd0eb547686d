import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A random secret kept in a file readable only by its owner, made on first use. For the embedded
 * default; production sets the value through the environment instead.
 */
export async function secretFromFile(dataDir: string, name: string, encoding: "base64url" | "base64" = "base64url"): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString(encoding);
  // "wx": never overwrite a secret another process wrote in the meantime.
  await writeFile(file, secret + "\n", { mode: 0o600, flag: "wx" }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return (await readFile(file, "utf8")).trim();
}
