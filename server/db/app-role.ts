// The application's database role, as the owner (migrator) sets it up: the group role "bulkhead_app" (made by
// the audit_app_role migration) may change business tables but only SELECT and INSERT the audit trail. The
// app connects as a LOGIN member of it; migrations keep running as the owner.
import pg from "pg";
import { withClient } from "./database-admin";

export const APP_ROLE = "bulkhead_app";
/** The login `npm start` makes for itself on the embedded server. */
export const EMBEDDED_APP_LOGIN = "bulkhead_app_login";

/** Re-applies the grants (see bulkhead_grant_app_role in the migration) after migrations ran, as the owner. */
export async function grantAppRole(ownerUrl: string): Promise<void> {
  await withClient(ownerUrl, (client) => client.query('SELECT "bulkhead_grant_app_role"()'));
}

/** Creates `login` as a member of the app role with `password`, or resets its password to that (the file in the
 * data folder is the truth). Needs CREATEROLE, which the embedded server's superuser has. */
export async function ensureAppLogin(ownerUrl: string, login: string, password: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const name = pg.escapeIdentifier(login);
    const secret = client.escapeLiteral(password); // CREATE ROLE takes no bind parameters
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [login]);
    if (rowCount) await client.query(`ALTER ROLE ${name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`);
    else await client.query(`CREATE ROLE ${name} WITH LOGIN PASSWORD ${secret} IN ROLE ${pg.escapeIdentifier(APP_ROLE)}`);
    await client.query(`GRANT ${pg.escapeIdentifier(APP_ROLE)} TO ${name}`);
  });
}

/** The same server and database as `ownerUrl`, as `login`. */
export function asLogin(ownerUrl: string, login: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(login);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export interface AppRoleCheck {
  user: string;
  /** Whether UPDATE/DELETE/TRUNCATE on the trail are refused by privileges, not only by the triggers. */
  restricted: boolean;
  reason: string | null;
}

/** What the database says of the role at `url`: may it change the audit trail other than by appending? */
export async function checkAppRole(url: string): Promise<AppRoleCheck> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ user: string; superuser: boolean; owner: boolean; changes: boolean }>(`
      SELECT current_user AS "user",
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
             pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = '"AuditEvent"'::regclass), 'USAGE') AS owner,
             has_table_privilege('"AuditEvent"', 'UPDATE, DELETE, TRUNCATE') AS changes`);
    const [row] = rows;
    const reason = row.superuser ? "is a superuser" : row.owner ? "owns the audit tables" : row.changes ? "may UPDATE, DELETE or TRUNCATE the audit tables" : null;
    return { user: row.user, restricted: reason === null, reason };
  });
}
