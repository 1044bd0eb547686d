import superjson from "superjson";

// The product's HTTP API as a client on another machine uses it: sign-in through better-auth, tRPC calls with the
// session cookie and the app's own Origin (state-changing calls need it), superjson on the wire.

export interface RemoteAnswer<T = unknown> {
  status: number;
  data?: T;
  error?: { message: string };
}

const origin = (url: string) => `http://localhost:${new URL(url).port}`;

/** Signs in; the answer's status and the session cookie to send back. `ip` counts only behind BULKHEAD_TRUST_PROXY=1. */
export async function remoteSignIn(url: string, email: string, password: string, ip = "198.51.100.1"): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: origin(url), "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { status: response.status, cookie };
}

export async function remoteCall<T = unknown>(url: string, cookie: string, path: string, input?: unknown, type: "query" | "mutation" = "query"): Promise<RemoteAnswer<T>> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const headers: Record<string, string> = { cookie, origin: origin(url), "x-forwarded-for": "198.51.100.2" };
  const response =
    type === "query"
      ? await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${url}/api/trpc/${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: encoded });
  const body = (await response.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: Parameters<typeof superjson.deserialize>[0] };
  if (body.result) return { status: response.status, data: superjson.deserialize(body.result.data) as T };
  return { status: response.status, error: superjson.deserialize(body.error!) as { message: string } };
}

/** Calls and returns the data, or throws with the answer: for steps that must work. */
export async function must<T = unknown>(url: string, cookie: string, path: string, input?: unknown, type: "query" | "mutation" = "query"): Promise<T> {
  const answer = await remoteCall<T>(url, cookie, path, input, type);
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.error?.message}`);
  return answer.data as T;
}

/** A new person through the product's own door: an admin's invitation, accepted with a password, then signed in. */
export async function invitePerson(url: string, adminCookie: string, person: { email: string; role: string; teamId?: string }): Promise<string> {
  const password = `pw-${person.email}-long-enough`;
  const { link } = await must<{ link: string }>(url, adminCookie, "identity.invite", { email: person.email, role: person.role, teamId: person.teamId }, "mutation");
  await must(url, "", "identity.acceptInvitation", { token: new URL(link).hash.slice(1), name: person.email.split("@")[0], password }, "mutation");
  const { status, cookie } = await remoteSignIn(url, person.email, password, "198.51.100.3");
  if (status !== 200) throw new Error(`${person.email} could not sign in: ${status}`);
  return cookie;
}
