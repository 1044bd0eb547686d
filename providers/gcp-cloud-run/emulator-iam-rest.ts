// IAM's service accounts over REST, as iam.googleapis.com/v1 serves them
// (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts): create, get, list, patch,
// disable, enable, delete. Paths are those of the API; the emulator serves them under its own origin.
import { accountView, type ServiceAccounts } from "./emulator-iam-accounts";
import { RestError, type RestRoute } from "./emulator-rest";

const ACCOUNTS = /^\/v1\/projects\/([^/]+)\/serviceAccounts$/;
const ACCOUNT = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+)$/;
/** projects.serviceAccounts.list: "The default is 20, and the maximum is 100." */
const PAGE_DEFAULT = 20;
const PAGE_MAX = 100;

function pageOf(query: URLSearchParams): { start: number; size: number } {
  const size = Number(query.get("pageSize") ?? 0);
  const start = Number(Buffer.from(query.get("pageToken") ?? "", "base64").toString() || 0);
  if (!Number.isInteger(size) || size < 0) throw new RestError(400, "INVALID_ARGUMENT", `Invalid value for pageSize: ${query.get("pageSize")}`, "badRequest");
  if (!Number.isInteger(start) || start < 0) throw new RestError(400, "INVALID_ARGUMENT", "Invalid page token.", "badRequest");
  return { start, size: size === 0 ? PAGE_DEFAULT : Math.min(size, PAGE_MAX) };
}

/** A project id in a path where IAM takes one (create and list take no `-`). */
function project(id: string): string {
  if (id === "-") throw new RestError(400, "INVALID_ARGUMENT", "A project id is required here; the wildcard - is accepted only when reading one service account.", "badRequest");
  return id;
}

export function iamRoutes(accounts: ServiceAccounts): RestRoute[] {
  return [
    {
      method: "POST",
      path: ACCOUNTS,
      operation: "iam.serviceAccounts.create",
      handle: ([p], { body }) => accountView(accounts.create(project(p), body.accountId, (body.serviceAccount ?? {}) as Record<string, unknown>)),
    },
    {
      method: "GET",
      path: ACCOUNTS,
      operation: "iam.serviceAccounts.list",
      handle: ([p], { query }) => {
        const all = accounts.list(project(p));
        const { start, size } = pageOf(query);
        const next = start + size < all.length ? Buffer.from(String(start + size)).toString("base64") : undefined;
        // Proto3 JSON leaves empty lists out: a project without accounts answers {}.
        return { ...(all.length ? { accounts: all.slice(start, start + size).map(accountView) } : {}), ...(next ? { nextPageToken: next } : {}) };
      },
    },
    { method: "GET", path: ACCOUNT, operation: "iam.serviceAccounts.get", handle: ([p, a]) => accountView(accounts.get(p, a)) },
    {
      method: "PATCH",
      path: ACCOUNT,
      operation: "iam.serviceAccounts.patch",
      handle: ([p, a], { body }) => {
        const mask = typeof body.updateMask === "string" ? body.updateMask.split(",").map((path) => path.trim()).filter(Boolean) : [];
        if (!mask.length) throw new RestError(400, "INVALID_ARGUMENT", "The update mask (updateMask) must name the fields to change.", "badRequest");
        return accountView(accounts.patch(p, a, (body.serviceAccount ?? {}) as Record<string, unknown>, mask));
      },
    },
    { method: "POST", path: /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+):disable$/, operation: "iam.serviceAccounts.disable", handle: ([p, a]) => accounts.setDisabled(p, a, true) },
    { method: "POST", path: /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+):enable$/, operation: "iam.serviceAccounts.enable", handle: ([p, a]) => accounts.setDisabled(p, a, false) },
    { method: "DELETE", path: ACCOUNT, operation: "iam.serviceAccounts.delete", handle: ([p, a]) => accounts.delete(p, a) },
  ];
}
