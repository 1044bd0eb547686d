/** The CLI's version (cli/package.json says the same; cli/package.test.ts checks). */
export const VERSION = "0.1.0";
