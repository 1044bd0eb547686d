// The emulator's IAM service accounts (iam.googleapis.com v1 `projects.serviceAccounts`), with the rules the IAM
// reference documents (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts):
// - accountId: "unique within a project, must be 6-30 characters long, and match the regular expression
//   [a-z]([-a-z0-9]*[a-z0-9])" (projects.serviceAccounts/create); displayName at most 100 UTF-8 bytes, description
//   at most 256 (ServiceAccount);
// - "each project can have up to 100 service accounts" (Create service accounts), refused with 429
//   RESOURCE_EXHAUSTED "Maximum number of service accounts on project reached.";
// - uniqueId: "Each service account retains its unique ID even if you delete the service account … a new service
//   account with the same name has a different unique ID" — so IAM policies can tell the two apart;
// - every project has its Compute Engine default service account, `{project number}-compute@developer…`.
import { createHash, randomBytes } from "node:crypto";
import { RestError } from "./emulator-rest";

const ACCOUNT_ID = /^[a-z]([-a-z0-9]*[a-z0-9])$/;
const DISPLAY_NAME_MAX_BYTES = 100;
const DESCRIPTION_MAX_BYTES = 256;
export const DEFAULT_ACCOUNTS_PER_PROJECT = 100;

export interface StoredAccount {
  projectId: string;
  uniqueId: string;
  email: string;
  displayName: string;
  description: string;
  disabled: boolean;
  etag: string;
}

/** The account fields a caller may set on create and patch. */
export interface AccountFields {
  displayName?: unknown;
  description?: unknown;
}

/** A unique id as IAM writes them: 21 decimal digits. */
const newUniqueId = () => `1${BigInt(`0x${randomBytes(9).toString("hex")}`).toString().padStart(20, "0").slice(-20)}`;

export const accountView = (a: StoredAccount) => ({
  name: `projects/${a.projectId}/serviceAccounts/${a.email}`,
  projectId: a.projectId,
  uniqueId: a.uniqueId,
  email: a.email,
  displayName: a.displayName,
  etag: a.etag,
  description: a.description,
  oauth2ClientId: a.uniqueId,
  disabled: a.disabled,
});

function invalid(message: string): RestError {
  return new RestError(400, "INVALID_ARGUMENT", message, "badRequest");
}

function fieldProblems(fields: AccountFields): void {
  for (const [key, max] of [["displayName", DISPLAY_NAME_MAX_BYTES], ["description", DESCRIPTION_MAX_BYTES]] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== "string") throw invalid(`Invalid value at 'service_account.${key === "displayName" ? "display_name" : key}' (TYPE_STRING), ${JSON.stringify(value)}`);
    if (Buffer.byteLength(value) > max) throw invalid(`ServiceAccount.${key} must be at most ${max} bytes long.`);
  }
}

export class ServiceAccounts {
  private readonly accounts = new Map<string, StoredAccount>();

  constructor(
    private readonly perProject: number,
    private readonly changed: () => void,
  ) {}

  create(projectId: string, accountId: unknown, fields: AccountFields): StoredAccount {
    if (typeof accountId !== "string" || !accountId) throw invalid("The account id is required (accountId).");
    if (accountId.length < 6 || accountId.length > 30 || !ACCOUNT_ID.test(accountId)) {
      throw invalid(`Invalid value for accountId "${accountId}": it must be 6-30 characters long and match the regular expression [a-z]([-a-z0-9]*[a-z0-9]).`);
    }
    fieldProblems(fields);
    const email = `${accountId}@${projectId}.iam.gserviceaccount.com`;
    if (this.accounts.has(email)) {
      throw new RestError(409, "ALREADY_EXISTS", `Service account ${accountId} already exists within project projects/${projectId}.`, "alreadyExists", [
        { "@type": "type.googleapis.com/google.rpc.ResourceInfo", resourceName: `projects/${projectId}/serviceAccounts/${email}` },
      ]);
    }
    if (this.list(projectId).length >= this.perProject) {
      throw new RestError(429, "RESOURCE_EXHAUSTED", "Maximum number of service accounts on project reached.", "quotaExceeded", [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "86401s" }]);
    }
    const account: StoredAccount = {
      projectId,
      uniqueId: newUniqueId(),
      email,
      displayName: (fields.displayName as string | undefined) ?? "",
      description: (fields.description as string | undefined) ?? "",
      disabled: false,
      etag: randomBytes(8).toString("base64"),
    };
    this.accounts.set(email, account);
    this.changed();
    return account;
  }

  /**
   * An account by `projects/{project}/serviceAccounts/{email or unique id}`; "Using `-` as a wildcard for the
   * PROJECT_ID will infer the project from the account."
   */
  get(project: string, account: string): StoredAccount {
    const found = account.includes("@") ? this.accounts.get(account) : [...this.accounts.values()].find((a) => a.uniqueId === account);
    if (!found || (project !== "-" && found.projectId !== project)) {
      throw new RestError(404, "NOT_FOUND", account.includes("@") ? `Not found; Gaia id not found for email ${account}` : `Service account projects/${project}/serviceAccounts/${account} does not exist.`, "notFound");
    }
    return found;
  }

  list(projectId: string): StoredAccount[] {
    return [...this.accounts.values()].filter((a) => a.projectId === projectId).sort((a, b) => a.email.localeCompare(b.email));
  }

  /** projects.serviceAccounts.patch: only displayName and description change, as the update mask names them. */
  patch(project: string, account: string, fields: AccountFields, mask: string[]): StoredAccount {
    const found = this.get(project, account);
    const unknown = mask.find((path) => path !== "displayName" && path !== "description" && path !== "display_name");
    if (unknown) throw invalid(`Invalid update mask path "${unknown}": only displayName and description can be updated.`);
    fieldProblems(fields);
    if (mask.includes("displayName") || mask.includes("display_name")) found.displayName = (fields.displayName as string | undefined) ?? "";
    if (mask.includes("description")) found.description = (fields.description as string | undefined) ?? "";
    found.etag = randomBytes(8).toString("base64");
    this.changed();
    return found;
  }

  setDisabled(project: string, account: string, disabled: boolean): void {
    const found = this.get(project, account);
    found.disabled = disabled;
    this.changed();
  }

  delete(project: string, account: string): void {
    const found = this.get(project, account);
    this.accounts.delete(found.email);
    this.changed();
  }

  /**
   * The unique id of an account that exists now: user-managed ones, and the default compute account of any project
   * (projects are not modelled, so any project number has one).
   */
  uniqueIdOf(email: string): string | undefined {
    const defaultCompute = /^(\d+)-compute@developer\.gserviceaccount\.com$/.exec(email);
    if (defaultCompute) return `1${createHash("sha256").update(email).digest("hex").replace(/\D/g, "").padEnd(20, "0").slice(0, 20)}`;
    return this.accounts.get(email)?.uniqueId;
  }

  snapshot(): StoredAccount[] {
    return [...this.accounts.values()];
  }

  restore(saved: StoredAccount[]): void {
    for (const account of saved) this.accounts.set(account.email, account);
  }
}
