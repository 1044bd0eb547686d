import { APIError } from "better-auth/api";
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import { requestMeta } from "@/server/trpc/context";

/**
 * better-auth database hook run before any session is created (password or single sign-on, so after the password
 * was checked: a wrong password still answers like any wrong password). A deactivated person gets no session;
 * the refusal is audited.
 */
export async function refuseDeactivated(session: { userId: string }, ctx: { headers?: Headers; request?: Request } | null | undefined): Promise<void> {
  const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true, deactivatedAt: true } });
  if (!user?.deactivatedAt) return;
  const meta = requestMeta(ctx?.headers ?? ctx?.request?.headers ?? new Headers());
  await recordAudit(db(), { actor: null, meta }, { action: "auth.sign-in", outcome: "denied", resourceType: "account", resourceId: user.email, reason: "account deactivated" });
  throw new APIError("FORBIDDEN", { code: "ACCOUNT_DEACTIVATED", message: "This account is deactivated. Ask an administrator to reactivate it." });
}
