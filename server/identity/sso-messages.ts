// What a person reads on the sign-in page after a failed single sign-on, by the `error` code the callback
// redirects with. Only these fixed texts are shown: the code arrives in the URL, so free text from there
// (error_description) is never displayed, and a crafted link cannot put words on our page.

export const SSO_MESSAGES: Record<string, string> = {
  no_mapped_group: "Your single sign-on account is not in any group that Bulkhead maps to a team or role. Ask your administrator for access.",
  unknown_team: "Your groups map to a team that does not exist in Bulkhead. Ask your administrator to fix the single sign-on group map.",
  account_not_linked:
    "A Bulkhead account with this email already exists and signs in with a password. Single sign-on never takes over an existing account: sign in with your password, or ask your administrator.",
  account_deactivated: "Your Bulkhead account is deactivated. Ask your administrator to reactivate it.",
  access_denied: "Sign-in was cancelled or refused at your identity provider.",
  email_not_found: "Your identity provider did not send an email address, which Bulkhead needs. Ask your administrator.",
  state_not_found: "The sign-in took too long or was started in another browser. Try again.",
  state_mismatch: "The sign-in took too long or was started in another browser. Try again.",
};

/** The message for a callback error code; unknown codes are named (letters, digits and _ only), not explained. */
export function ssoErrorMessage(code: string): string {
  const known = SSO_MESSAGES[code];
  if (known) return known;
  const safe = code.replace(/[^A-Za-z0-9_]/g, "").slice(0, 60);
  return `Single sign-on failed${safe ? ` (${safe})` : ""}. Try again, or ask your administrator.`;
}
