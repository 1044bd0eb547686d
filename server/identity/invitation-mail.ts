import { createTransport } from "nodemailer";
import { roleLabels } from "@/server/identity/role-labels";
import { serverEnv } from "@/server/config/env";

// Invitations by mail through nodemailer, when BULKHEAD_SMTP_URL is set. Sent right after the invitation commits,
// from the request that made it, and not from a job: the link holds the token, which would otherwise have to be
// stored for the job. A mail that fails is reported to the admin, who still has the link to pass on.

export interface MailResult {
  sent: boolean;
  error?: string;
}

export interface InvitationMail {
  to: string;
  name: string;
  role: keyof typeof roleLabels;
  team: string | null;
  link: string;
  expiresAt: Date;
  invitedBy: string;
}

/** Sends the invitation; null when no SMTP server is configured. */
export async function mailInvitation(mail: InvitationMail): Promise<MailResult | null> {
  const env = serverEnv();
  if (!env.BULKHEAD_SMTP_URL) return null;
  const url = new URL(env.BULKHEAD_SMTP_URL);
  const secure = url.protocol === "smtps:";
  const transport = createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A mail server that does not answer must not hold up the admin's request for long.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  const joining = `${roleLabels[mail.role]}${mail.team ? ` on the ${mail.team} team` : ""}`;
  const text = [
    `Hello${mail.name ? ` ${mail.name}` : ""},`,
    "",
    `${mail.invitedBy} invites you to Bulkhead as ${joining}.`,
    "Open this link to choose your password; it works once, until " + mail.expiresAt.toUTCString() + ":",
    "",
    mail.link,
    "",
    "If you did not expect this, ignore this mail.",
  ].join("\n");
  try {
    await transport.sendMail({ from: env.BULKHEAD_MAIL_FROM, to: mail.to, subject: `You are invited to Bulkhead as ${joining}`, text });
    return { sent: true };
  } catch (error) {
    // nodemailer's errors name the server and the SMTP reply, never the message.
    return { sent: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    transport.close();
  }
}
