// A real OpenID Connect provider on loopback for the single sign-on journey: the certified npm package
// oidc-provider, with one client (Bulkhead) and the people in ./fixture.ts, whose ID tokens carry a
// `groups` claim. Its login page is a minimal form of our own, so the browser types a username and a
// password as it would at a company IdP. Run alone:
//   node --import tsx e2e/oidc/provider.ts --port 3302 --redirect-uri http://localhost:3202/api/auth/callback/oidc
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import Provider, { type Configuration } from "oidc-provider";
import { IDP_USERS, OIDC_CLIENT } from "./fixture";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, clientName: string, error?: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example Corp sign-in</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}p[role=alert]{color:#b91c1c}</style></head>
<body><h1>Example Corp identity</h1><p>Sign in to continue to ${escape(clientName)}.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Continue</button></form>
<form method="post" action="/interaction/${escape(uid)}/cancel"><button type="submit">Cancel</button></form></body></html>`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

/** Group memberships as the IdP knows them now; tests move people between groups with PUT /test/groups/<user>. */
type Directory = Map<string, string[]>;

function configuration(redirectUri: string, directory: Directory): Configuration {
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        client_name: "Bulkhead",
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "e2e", use: "sig", alg: "RS256" }] as never },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    // Groups in the ID token itself, as Bulkhead reads them (IdPs such as Keycloak and Okta can do this).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Bulkhead is a first-party client: consent is implied, so the only page is the login form.
    loadExistingGrant: async (ctx) => {
      const existing = ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? "openid"));
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const user = IDP_USERS.find((candidate) => candidate.username === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: user.email, email_verified: true, name: user.name, groups: directory.get(sub) ?? [] }),
      };
    },
  };
}

/** Starts the provider on 127.0.0.1:port; the issuer is http://127.0.0.1:port. */
export async function startOidcProvider({ port, redirectUri }: { port: number; redirectUri: string }): Promise<{ issuer: string; server: Server }> {
  const issuer = `http://127.0.0.1:${port}`;
  const directory: Directory = new Map(IDP_USERS.map((user) => [user.username, [...user.groups]]));
  const provider = new Provider(issuer, configuration(redirectUri, directory));
  const oidc = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    const send = (status: number, html: string) => res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(html);
    if (req.method === "GET") return send(200, loginPage(uid, "Bulkhead"));
    if (step === "cancel") {
      return provider.interactionFinished(req, res, { error: "access_denied", error_description: "The sign-in was cancelled at the identity provider." }, { mergeWithLastSubmission: false });
    }
    const form = await formBody(req);
    const user = IDP_USERS.find((candidate) => candidate.username === form.get("username"));
    if (!user || user.password !== form.get("password")) return send(401, loginPage(uid, "Bulkhead", "Unknown username or wrong password."));
    return provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  }

  // Test control, as an IdP administrator would change a person's groups: PUT a JSON list of names.
  async function setGroups(req: IncomingMessage, res: ServerResponse, username: string) {
    let text = "";
    for await (const chunk of req) text += chunk;
    const groups: unknown = JSON.parse(text);
    if (!directory.has(username) || !Array.isArray(groups) || !groups.every((g) => typeof g === "string")) return void res.writeHead(400).end();
    directory.set(username, groups);
    res.writeHead(204).end();
  }

  const server = createServer((req, res) => {
    const control = /^\/test\/groups\/([a-z]+)$/.exec(req.url ?? "");
    if (control && req.method === "PUT") return void setGroups(req, res, control[1]).catch(() => res.writeHead(400).end());
    const match = /^\/interaction\/([^/?]+)(?:\/(login|cancel))?/.exec(req.url ?? "");
    if (!match) return void oidc(req, res);
    interaction(req, res, match[1], match[2]).catch((error: Error) => {
      res.writeHead(400, { "content-type": "text/plain" }).end(`interaction failed: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return { issuer, server };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { port: { type: "string" }, "redirect-uri": { type: "string" } } });
  const port = Number(values.port ?? 3300);
  const redirectUri = values["redirect-uri"] ?? `http://localhost:${port - 100}/api/auth/callback/oidc`;
  const { issuer } = await startOidcProvider({ port, redirectUri });
  console.log(`[oidc] provider ready at ${issuer} (client ${OIDC_CLIENT.id}, redirect ${redirectUri})`);
  const stop = () => process.exit(0);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
