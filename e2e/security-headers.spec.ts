import { expect, test, type Page, type Response } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

// Security headers and the Content-Security-Policy, as a browser receives and enforces them: people sign in
// and walk through their main pages without a single CSP violation; an injected script without the nonce
// is blocked; state-changing requests from another origin are refused.

// What the pages' scripts below keep on window: typed here, as globals are.
declare global {
  interface Window {
    __cspViolations?: string[];
    __injected?: string;
  }
}

/** Collects CSP violation events (listened for before any page script runs) and every console line. */
async function watch(page: Page) {
  const consoleLines: string[] = [];
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    window.__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  const violations = () => page.evaluate(() => window.__cspViolations ?? []);
  const cspConsole = () => consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line));
  return { violations, cspConsole, consoleLines };
}

// The injection test below adds an <img onerror> of its own to the page (markup React never renders and the CSP
// blocks): the accessibility check leaves that element out, and only that one.
test.use({ axeExclude: ["img[onerror]"] });

function expectDocumentHeaders(response: Response | null) {
  expect(response, "document response").not.toBeNull();
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toBeDefined();
  const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  expect(directives["default-src"]).toEqual(["'self'"]);
  expect(directives["script-src"]).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{20,}'$/)]);
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["script-src"]).not.toContain("'unsafe-eval'");
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["base-uri"]).toEqual(["'none'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  expectCommonHeaders(headers);
  return csp;
}

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(headers["x-powered-by"]).toBeUndefined();
}

const journeys = [
  { email: "ops@bulkhead.local", pages: ["/operations", "/targets", "/catalog", "/policy", "/apps"] },
  { email: "audit@bulkhead.local", pages: ["/audit"] },
  { email: "dev@bulkhead.local", pages: ["/apps", "/apps/new"] },
  { email: "admin@bulkhead.local", pages: ["/admin"] },
];

for (const journey of journeys) {
  test(`${journey.email}: every page carries the security headers and a fresh nonce, with no CSP violation`, async ({ page }) => {
    const { violations, cspConsole } = await watch(page);
    const apiResponses: Response[] = [];
    page.on("response", (response) => response.url().includes("/api/") && apiResponses.push(response));
    const signInPage = await page.goto("/sign-in");
    const firstPolicy = expectDocumentHeaders(signInPage);
    await signIn(page, journey.email);
    const policies = [firstPolicy];
    for (const path of journey.pages) {
      const response = await page.goto(path);
      policies.push(expectDocumentHeaders(response));
      // The title is in the document's head as sent, before any of the page streams in.
      expect((await response!.text()).split("</head>")[0], `the <head> of ${path} as sent`).toMatch(/<title>[^<]*Bulkhead<\/title>/);
      await expect(page.getByRole("main")).toBeVisible();
      expect(await violations(), `CSP violations on ${path}`).toEqual([]);
    }
    // A nonce is used once: every document got its own.
    expect(new Set(policies).size).toBe(policies.length);
    // API answers (the sign-in POST and tRPC calls the pages made) carry the locked-down policy.
    expect(apiResponses.length).toBeGreaterThan(0);
    for (const response of apiResponses) {
      const headers = await response.allHeaders();
      expect(headers["content-security-policy"], response.url()).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expectCommonHeaders(headers);
    }
    expect(cspConsole()).toEqual([]);
  });
}

test("scripts injected without the nonce are blocked and reported", async ({ page }) => {
  const { violations, cspConsole } = await watch(page);
  await signIn(page, "dev@bulkhead.local");
  // Stored XSS: markup with a script reaches the page from the server, with the real headers.
  await page.route("**/apps", async (route) => {
    const original = await route.fetch();
    const html = (await original.text()).replace("</body>", "<script>window.__injected = 'in markup'</script></body>");
    await route.fulfill({ response: original, body: html });
  });
  await page.goto("/apps");
  await expect(page.getByRole("main")).toBeVisible();
  // DOM XSS: a script element, and an inline event handler, added by code on the page.
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = 'by the DOM'";
    document.body.appendChild(script);
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="/does-not-exist.png" onerror="window.__injected = \'by a handler\'">';
    document.body.appendChild(holder);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return window.__injected ?? null;
  });
  expect(ran).toBeNull();
  const reported = await violations();
  expect(reported.filter((line) => line.startsWith("script-src-elem inline"))).toHaveLength(2);
  expect(reported.filter((line) => line.startsWith("script-src-attr inline"))).toHaveLength(1);
  // Chromium says so in the console too ("Executing inline script/event handler violates …").
  expect(cspConsole().filter((line) => /^error: Executing inline (script|event handler) violates the following Content Security Policy/.test(line))).toHaveLength(3);
  await snap(page, "security-csp-apps");
});

test("the admin changes a role from the People page; the person is signed out at once", async ({ page, browser }) => {
  const { violations } = await watch(page);
  const devContext = await browser.newContext();
  const devPage = await devContext.newPage();
  await signIn(devPage, "dev2@bulkhead.local");
  await signIn(page, "admin@bulkhead.local");
  await page.goto("/admin");
  await page.getByLabel("Role of dev2@bulkhead.local").selectOption({ label: "Compliance" });
  const row = page.getByRole("row").filter({ hasText: "dev2@bulkhead.local" });
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("signed out everywhere");
  await snap(page, "security-role-change-confirm");
  await page.getByRole("button", { name: "Change role and sign out" }).click();
  await expect(page.getByText(/is now Compliance; [1-9]\d* session\(s\) signed out/)).toBeVisible();
  // dev2's browser is signed out on its next request.
  await devPage.goto("/apps");
  await expect(devPage).toHaveURL(/\/sign-in$/);
  // Put dev2 back for the other journeys.
  await page.getByLabel("Role of dev2@bulkhead.local").selectOption({ label: "Developer" });
  await row.getByRole("button", { name: "Change role" }).click();
  await page.getByRole("button", { name: "Change role and sign out" }).click();
  await expect(page.getByText(/is now Developer/)).toBeVisible();
  expect(await violations()).toEqual([]);
  await devContext.close();
});

test("a state-changing request from another origin is refused even with the session cookie", async ({ page }) => {
  await signIn(page, "dev@bulkhead.local");
  const forged = await page.request.post("/api/trpc/apps.create", {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: { json: { teamId: "x", name: "forged", description: "", classification: "internal", baseImageId: "x" } },
  });
  expect(forged.status()).toBe(403);
  const signOut = await page.request.post("/api/auth/sign-out", { headers: { origin: "http://evil.example" }, data: {} });
  expect(signOut.status()).toBe(403);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/apps$/);
});

test("ten wrong passwords in a row lock the address, with a clear message", async ({ page }) => {
  // An address with no account: locked exactly like a real one, and no demo account is put out of use.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@bulkhead.local");
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-ins: try again in 15 minutes." })).toBeVisible();
  await snap(page, "security-lockout");
});
