// Creating and dropping whole databases on a server (test databases, the embedded server's own database),
// through a short-lived plain `pg` connection: Prisma cannot run statements outside a database it owns.
import pg from "pg";

/** The same connection URL (credentials, host, parameters) pointing at database `name`. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Runs `use` on a short-lived plain connection to `url`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE, optionally as a copy of `template` (which must have no open connections). */
export async function createDatabase(serverUrl: string, name: string, options: { template?: string } = {}): Promise<void> {
  const template = options.template ? ` TEMPLATE ${pg.escapeIdentifier(options.template)}` : "";
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template}`));
}

/** Drops the database if it exists. WITH (FORCE) (Postgres 13+) first terminates its other sessions, e.g.
 * pools a test left open, which would otherwise make DROP fail. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}
