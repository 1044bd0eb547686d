import { Prisma } from "./generated/client";

/** Postgres refused a duplicate of a unique key (Prisma's P2002): the one test the services turn into a ConflictError
 * naming the field, each in its own words. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
