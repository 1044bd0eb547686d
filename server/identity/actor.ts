import type { Role, TokenAbility } from "@/server/db/generated/enums";

/** Who is calling, resolved from the session (or an API token) once per request. Services take this, never a request. */
export interface Actor {
  /** The person; for a team's service token, the token's id (no person acts). */
  userId: string;
  /** The person's email; with a token, a label naming the token's id too, so messages and the audit trail say how. */
  email: string;
  name: string;
  role: Role;
  teamIds: string[];
  /** Set when the call carries an API token: what it may do on top of the role (server/tokens/grants.ts). */
  token?: TokenGrant;
}

/** An API token's limits, read with the token on every request. */
export interface TokenGrant {
  id: string;
  name: string;
  kind: "personal" | "team";
  abilities: TokenAbility[];
  /** null: every app the role allows; else only these apps. */
  appIds: string[] | null;
}

/** Where a call came from, for the audit trail. */
export interface RequestMeta {
  requestId: string;
  sourceIp: string | null;
  userAgent: string | null;
}

export interface Caller {
  actor: Actor;
  meta: RequestMeta;
}
