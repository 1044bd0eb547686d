import { z } from "zod";
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from "./credential-limits";

// Emails and passwords wherever people type them (sign-in, invitations). Longer input is refused with a 400
// naming the field before it reaches a hash or an index: a 2,700-character "email" once ended as a 500
// (Postgres: index row too large).

export const emailAddress = z.email("Email: not an email address").max(EMAIL_MAX, `Email: at most ${EMAIL_MAX} characters`);
export const newPassword = z
  .string()
  .min(PASSWORD_MIN, `Password: at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password: at most ${PASSWORD_MAX} characters`);

/** Only too-long strings are refused here; better-auth answers every other malformation itself. */
const atMost = (max: number, message: string) => z.unknown().refine((value) => typeof value !== "string" || value.length <= max, message);

/** The lengths of better-auth's email sign-in body, checked before anything else looks at it. */
export const signInInput = z.looseObject({
  email: atMost(EMAIL_MAX, `Email: at most ${EMAIL_MAX} characters`),
  password: atMost(PASSWORD_MAX, `Password: at most ${PASSWORD_MAX} characters`),
});
