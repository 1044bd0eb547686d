import type { Metadata } from "next";
import { Shield } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { serverCaller } from "@/app/_lib/server-caller";
import { ssoErrorMessage } from "@/server/identity/contract";
import { SignInForm } from "./sign-in-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await serverCaller();
  const demo = await caller.identity.demoAccounts();
  // Reads configuration only (label, on or off); the secret stays on the server.
  const sso = await caller.identity.ssoSignIn();
  const { error } = await searchParams;
  const ssoError = sso && typeof error === "string" ? ssoErrorMessage(error) : null;
  return (
    <main id="content" tabIndex={-1} className="mx-auto flex min-h-screen max-w-4xl flex-col items-center justify-center gap-8 px-4 py-12 focus:outline-none">
      <div className="flex items-center gap-2 text-2xl font-semibold">
        <Icon icon={Shield} className="h-7 w-7 text-brand-600" aria-hidden /> Bulkhead
      </div>
      <div className="grid w-full gap-6 md:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold">Sign in</h1>
          <p className="mb-4 text-sm text-slate-500">Deploy containers to any cloud under one set of rules.</p>
          {ssoError ? (
            <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {ssoError}
            </p>
          ) : null}
          {sso ? (
            <>
              <SsoButton providerId={sso.providerId} label={sso.label} />
              <div className="my-4 flex items-center gap-3 text-xs uppercase text-slate-600">
                <span className="h-px flex-1 bg-slate-200" /> or with a password <span className="h-px flex-1 bg-slate-200" />
              </div>
            </>
          ) : null}
          <SignInForm />
        </section>
        {demo.accounts.length > 0 ? (
          <section aria-labelledby="demo-accounts" className="rounded-lg border border-amber-200 bg-amber-50 p-6">
            <h2 id="demo-accounts" className="text-lg font-semibold">Sandbox demo accounts</h2>
            <p className="mb-3 text-sm text-slate-600">
              This is a sandbox with simulated clouds. Every demo account uses the password <code className="rounded bg-white px-1">{demo.password}</code>.
            </p>
            <ul className="space-y-2 text-sm">
              {demo.accounts.map((account) => (
                <li key={account.email} className="flex flex-col rounded-md bg-white px-3 py-2">
                  <span className="font-medium">{account.persona}</span>
                  <span className="font-mono text-xs text-slate-600">{account.email}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </main>
  );
}
