// What Cloud Run does with `valueSource.secretKeyRef` when a revision starts ("Configure secrets for services",
// https://cloud.google.com/run/docs/configuring/services/secrets): it reads each referenced secret version from
// Secret Manager as the revision's service account (the template's, else the Compute Engine default service
// account). The version must exist and be enabled, and that account must hold the Secret Manager Secret
// Accessor role on the secret, or on the project; otherwise the revision is not ready and says why.
import type { protos } from "@google-cloud/run";
import type { IamPolicies } from "./emulator-iam";
import type { SecretManagerStore } from "./emulator-secrets-state";

type Service = protos.google.cloud.run.v2.IService;

export type RevisionStart = { environment: Record<string, string> } | { failure: string };

export interface SecretAccess {
  secrets: SecretManagerStore;
  iam: IamPolicies;
  /** By project, the members holding roles/secretmanager.secretAccessor on the whole project. */
  projectAccessors: Record<string, string[]>;
  /** The project's number, as the default service account's address carries it. */
  projectNumber: (project: string) => string;
}

/** Roles that include secretmanager.versions.access. */
const ACCESS_ROLES = new Set(["roles/secretmanager.secretAccessor", "roles/secretmanager.admin", "roles/owner"]);

/** A secretKeyRef.secret: `{secret}` in the service's project, or `projects/{project}/secrets/{secret}`. */
function secretNameOf(reference: string, project: string): string {
  return reference.startsWith("projects/") ? reference : `projects/${project}/secrets/${reference}`;
}

/** Starts the revision's containers: every secret read, or the first that cannot be, in Cloud Run's words. */
export function startRevision(service: Service, project: string, access: SecretAccess): RevisionStart {
  const account = service.template?.serviceAccount || `${access.projectNumber(project)}-compute@developer.gserviceaccount.com`;
  const member = `serviceAccount:${account}`;
  const environments: Record<string, string>[] = [];
  for (const [c, container] of (service.template?.containers ?? []).entries()) {
    const environment: Record<string, string> = {};
    for (const [e, variable] of (container.env ?? []).entries()) {
      const ref = variable.valueSource?.secretKeyRef;
      if (!ref) {
        environment[variable.name ?? ""] = variable.value ?? "";
        continue;
      }
      const field = `spec.template.spec.containers[${c}].env[${e}].value_from.secret_key_ref.name`;
      const secret = secretNameOf(ref.secret ?? "", project);
      const versionName = `${secret}/versions/${ref.version || "latest"}`;
      if (!access.secrets.has(secret)) return { failure: `${field}: Secret ${versionName} was not found` };
      const policy = access.iam.get(secret);
      const granted = (policy.bindings ?? []).some((b) => ACCESS_ROLES.has(b.role ?? "") && (b.members ?? []).includes(member)) || (access.projectAccessors[secret.split("/")[1]] ?? []).includes(member);
      if (!granted) {
        return {
          failure: `${field}: Permission denied on secret: ${versionName} for Revision service account ${account}. The service account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level.`,
        };
      }
      let version;
      try {
        version = access.secrets.version(versionName);
      } catch {
        return { failure: `${field}: Secret ${versionName} was not found` };
      }
      if (version.state !== "ENABLED") return { failure: `${field}: Secret version ${version.name} is ${version.state.toLowerCase()}; only an enabled version can be read` };
      environment[variable.name ?? ""] = version.data.toString("utf8");
    }
    environments.push(environment);
  }
  return { environment: environments[0] ?? {} };
}
