import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { auth } from "@/server/identity/auth";

export const TEST_PASSWORD = "correct-horse-battery-staple";

/** A user who signs in with an email and password, as the seed makes them. */
export async function makeAccount(role: Role, teamIds: string[] = [], password = TEST_PASSWORD) {
  const id = randomUUID();
  const user = await db().user.create({
    data: { id, email: `${role}-${id.slice(0, 8)}@accounts.test`, name: `Account ${role}`, role, emailVerified: true, memberships: { create: teamIds.map((teamId) => ({ teamId })) } },
  });
  await db().account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: await hashPassword(password) } });
  return user;
}

/** This app's own origin, as a browser on one of its pages would send it. */
export const appOrigin = () => new URL(publicUrl(serverEnv())).origin;

/** A request to better-auth's real handler (what app/api/auth serves), from a browser on `ip`. */
export function authRequest(path: string, init: { body?: unknown; ip: string; cookie?: string; origin?: string | null; method?: string }) {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": init.ip, "user-agent": "vitest-browser" });
  if (init.origin !== null) headers.set("origin", init.origin ?? appOrigin());
  if (init.cookie) headers.set("cookie", init.cookie);
  return new Request(`${publicUrl(serverEnv())}/api/auth${path}`, { method: init.method ?? "POST", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

export function signInRequest(email: string, password: string, ip: string) {
  return authRequest("/sign-in/email", { body: { email, password }, ip });
}

/** Signs in through the real handler; the response and the cookie header a browser would send back. */
export async function signIn(email: string, password = TEST_PASSWORD, ip = "192.0.2.10") {
  const response = await auth().handler(signInRequest(email, password, ip));
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { response, cookie };
}
