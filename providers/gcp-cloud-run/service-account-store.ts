// An app's own service account through IAM's REST API (projects.serviceAccounts): made before the service (its
// secrets' accessor binding and callees' invoker bindings name it), read back, and removed on destroy. Idempotent by
// name: the account id is fixed per app and region, so a retried or repeated apply finds it (409) and adopts it only
// when its description carries this app's marker; a disabled one is enabled again.
import { ProviderError } from "../errors";
import type { GcpCoordinates } from "./target-schema";
import { serviceAccountOf } from "./policy-enforcement";
import { RestCallError, type GoogleRest } from "./rest-client";
import { createAccountRequest, ownerMarker } from "./service-accounts";

/** The IAM ServiceAccount fields read here. */
export interface Account {
  email: string;
  description?: string;
  disabled?: boolean;
}

const accounts = (c: GcpCoordinates) => `/v1/projects/${c.projectId}/serviceAccounts`;
const isStatus = (error: unknown, status: number) => error instanceof RestCallError && error.httpStatus === status;
const ours = (account: Account, name: string, c: GcpCoordinates) => !!account.description?.includes(ownerMarker(name, c));

/** The app's account as IAM has it, or null when there is none. */
export async function readAccount(rest: GoogleRest, name: string, c: GcpCoordinates): Promise<Account | null> {
  try {
    return await rest.request<Account>("iam", "GET", `${accounts(c)}/${serviceAccountOf(name, c)}`);
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

/** Makes sure the app's account exists, is this app's, and is enabled; answers its email. */
export async function ensureAccount(rest: GoogleRest, name: string, c: GcpCoordinates): Promise<string> {
  const email = serviceAccountOf(name, c);
  let account: Account;
  try {
    account = await rest.request<Account>("iam", "POST", accounts(c), createAccountRequest(name, c));
  } catch (error) {
    // Made by an earlier or concurrent apply (or a create whose answer was lost): read it back.
    if (!isStatus(error, 409)) throw error;
    account = await rest.request<Account>("iam", "GET", `${accounts(c)}/${email}`);
  }
  if (!ours(account, name, c)) {
    throw new ProviderError("conflict", `Service account ${email} exists in project ${c.projectId} but Bulkhead did not make it for ${name} in ${c.region} (its description lacks "${ownerMarker(name, c)}"); it is left alone`, "name");
  }
  if (account.disabled) await rest.request("iam", "POST", `${accounts(c)}/${email}:enable`);
  return email;
}

/** The emails of these apps' accounts (made by Bulkhead, on this target) that exist now. */
export async function existingAccounts(rest: GoogleRest, names: string[], c: GcpCoordinates): Promise<string[]> {
  const found = await Promise.all(
    names.map(async (name) => {
      const account = await readAccount(rest, name, c);
      return account && ours(account, name, c) ? account.email : null;
    }),
  );
  return found.filter((email): email is string => !!email);
}

/** Deletes the app's account if it exists and is this app's; gone already is fine. */
export async function deleteAccount(rest: GoogleRest, name: string, c: GcpCoordinates): Promise<void> {
  const account = await readAccount(rest, name, c);
  if (!account || !ours(account, name, c)) return;
  try {
    await rest.request("iam", "DELETE", `${accounts(c)}/${account.email}`);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}
