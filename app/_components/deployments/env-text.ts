/** "KEY=value" lines ↔ an env record, for a textarea the user can paste into. */
export function parseEnvText(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const at = trimmed.indexOf("=");
    env[at === -1 ? trimmed : trimmed.slice(0, at)] = at === -1 ? "" : trimmed.slice(at + 1);
  }
  return env;
}

export function envText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}
