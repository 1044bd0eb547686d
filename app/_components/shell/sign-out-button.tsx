"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/app/_components/ui/button";

/** `children`: the label, with its icon rendered by the server (lucide's code then stays off the page). */
export function SignOutButton({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        // better-auth's sign-out endpoint, called directly: its browser client (12 kB gzip) would otherwise
        // load on every dashboard page for this one call.
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      {children}
    </Button>
  );
}
