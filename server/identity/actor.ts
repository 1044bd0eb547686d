import type { Role } from "@/server/db/generated/enums";

/** Who is calling, resolved from the session once per request. Services take this, never a request. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  teamIds: string[];
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
