// Points the product's own Prisma client (server/db/client.ts, read from DATABASE_URL on first use) at a
// benchmark's database for the length of `work`, then closes its pool.
import { disconnectDb } from "@/server/db/client";

export async function withAppDatabase<T>(url: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL;
  await disconnectDb();
  process.env.DATABASE_URL = url;
  try {
    return await work();
  } finally {
    await disconnectDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}
