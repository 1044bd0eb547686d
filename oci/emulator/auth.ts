// Who is asking, as a registry decides it: HTTP basic on every request, or the Docker token flow the distribution-spec
// leaves to the registry and every client follows (https://distribution.github.io/distribution/spec/auth/token/):
// a 401 whose `WWW-Authenticate: Bearer realm,service,scope` names a token endpoint, which trades basic credentials for
// a bearer token good for the scopes asked (and allowed).
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { RegistryRefusal } from "./errors";

export type AuthMode = "token" | "basic";
export type Action = "pull" | "push" | "delete";

export interface AuthOptions {
  mode: AuthMode;
  /** user name → password. */
  users: Record<string, string>;
  /** Users who may only pull: a push or delete by them is DENIED (403). */
  pullOnly: string[];
  /** The registry's own URL, for the token realm. */
  url: () => string;
}

const SERVICE = "bulkhead-registry-emulator";
const TOKEN_SECONDS = 300;

interface Grant {
  user: string;
  /** "repository:<name>" → actions granted. */
  scopes: Map<string, Set<Action>>;
  expires: number;
}

export class Authenticator {
  private readonly tokens = new Map<string, Grant>();

  constructor(private readonly options: AuthOptions) {}

  /** The caller's user name, or a refusal. `repository` and `action` are what the request needs (none for `GET /v2/`). */
  check(req: IncomingMessage, repository?: string, action?: Action): string {
    const header = req.headers.authorization ?? "";
    if (this.options.mode === "basic") {
      const user = this.basicUser(header);
      if (!user) throw this.challenge(repository, action);
      this.allow(user, action);
      return user;
    }
    const grant = header.startsWith("Bearer ") ? this.tokens.get(header.slice(7)) : undefined;
    if (!grant || grant.expires < Date.now()) throw this.challenge(repository, action);
    if (repository && action) {
      this.allow(grant.user, action);
      // A token good for another repository or action is answered with a challenge for the scope needed.
      if (!grant.scopes.get(`repository:${repository}`)?.has(action)) throw this.challenge(repository, action, "insufficient_scope");
    }
    return grant.user;
  }

  /** The token endpoint: `GET <realm>?service=…&scope=repository:<name>:pull,push` with basic credentials. */
  issue(req: IncomingMessage, query: URLSearchParams): object {
    const user = this.basicUser(req.headers.authorization ?? "");
    if (!user) throw new RegistryRefusal("UNAUTHORIZED", "the token endpoint takes basic credentials of a registry user", 401, { "WWW-Authenticate": `Basic realm="${SERVICE}"` });
    const scopes = new Map<string, Set<Action>>();
    for (const scope of query.getAll("scope").flatMap((value) => value.split(" "))) {
      const match = /^(repository:[^:]+):([a-z,*]+)$/.exec(scope);
      if (!match) continue;
      const asked = match[2].split(",").flatMap((action): Action[] => (action === "*" ? ["pull", "push", "delete"] : action === "pull" || action === "push" || action === "delete" ? [action] : []));
      // As a token service does, the token carries what was asked and is allowed; the rest is left out, not refused.
      scopes.set(match[1], new Set(asked.filter((action) => action === "pull" || !this.options.pullOnly.includes(user))));
    }
    // Expired tokens go as new ones come, so a long-running sandbox registry does not keep them all.
    for (const [old, grant] of this.tokens) if (grant.expires < Date.now()) this.tokens.delete(old);
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, { user, scopes, expires: Date.now() + TOKEN_SECONDS * 1000 });
    return { token, access_token: token, expires_in: TOKEN_SECONDS, issued_at: new Date().toISOString() };
  }

  private allow(user: string, action: Action | undefined): void {
    if (action && action !== "pull" && this.options.pullOnly.includes(user)) throw new RegistryRefusal("DENIED", { user, action });
  }

  private basicUser(header: string): string | undefined {
    if (!header.startsWith("Basic ")) return undefined;
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const user = decoded.slice(0, colon);
    return colon > 0 && Object.hasOwn(this.options.users, user) && this.options.users[user] === decoded.slice(colon + 1) ? user : undefined;
  }

  private challenge(repository: string | undefined, action: Action | undefined, error?: string): RegistryRefusal {
    if (this.options.mode === "basic") return new RegistryRefusal("UNAUTHORIZED", null, 401, { "WWW-Authenticate": `Basic realm="${SERVICE}"` });
    // A write is asked for with pull as well: clients push after checking what the repository already holds.
    const actions = action === "push" ? "pull,push" : action;
    const scope = repository && actions ? `,scope="repository:${repository}:${actions}"` : "";
    const reason = error ? `,error="${error}"` : "";
    return new RegistryRefusal("UNAUTHORIZED", null, 401, { "WWW-Authenticate": `Bearer realm="${this.options.url()}/token",service="${SERVICE}"${scope}${reason}` });
  }
}
