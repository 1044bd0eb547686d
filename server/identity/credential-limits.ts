// How long an email address and a password may be, wherever people type them. Client-safe (no imports), so the
// sign-in and invitation forms set the same limits on their fields as the server enforces.

/** RFC 5321 limits a forward path to 256 octets including the angle brackets. */
export const EMAIL_MAX = 254;
/** better-auth's own bound for new passwords; scrypt's cost grows with the input. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
