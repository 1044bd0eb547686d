"use client";

import { KeyRound } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { useState } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { Button } from "@/app/_components/ui/button";

/** Starts the OpenID Connect redirect; the IdP sends the browser back to the dashboard, or here with ?error=. */
export function SsoButton({ providerId, label }: { providerId: string; label: string }) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setFailure(null);
    const result = await authClient.signIn.social({ provider: providerId, callbackURL: "/", errorCallbackURL: "/sign-in" });
    // On success the client follows the redirect to the IdP; only a failure to start comes back here.
    if (result.error) {
      setPending(false);
      setFailure(
        result.error.status === 429
          ? "Too many sign-in attempts from this address. Wait a minute and try again."
          : "Single sign-on is not reachable right now. Try again, or sign in with your password.",
      );
    }
  }

  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" className="w-full" onClick={start} disabled={pending}>
        <Icon icon={KeyRound} className="h-4 w-4" aria-hidden />
        {pending ? "Redirecting…" : label}
      </Button>
      {failure ? (
        <p role="alert" className="text-sm font-medium text-red-600">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
