// How `bulkhead` ends, for CI jobs to branch on: documented in the README and `bulkhead --help`.
export const EXIT = {
  ok: 0,
  /** The deployment failed, or anything else went wrong. */
  failed: 1,
  /** The command line or the input was invalid (the API named the fields). */
  usage: 2,
  /** Policy refused it; each reason is printed. */
  policy: 3,
  /** No valid token, or the token (its abilities, apps, owner's role) may not do this. */
  unauthorized: 4,
} as const;

/** An error the CLI reports in words and ends with `code`; `lines` follow the message, one per problem. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly lines: string[] = [],
    /** The command printed its answer already (with --json, a second document would spoil it): only exit. */
    readonly reported = false,
  ) {
    super(message);
  }
}
