import type { Metadata } from "next";
import { Shield } from "lucide";
import { AcceptInvitationForm } from "@/app/_components/invitations/accept-invitation-form";
import { Icon } from "@/app/_components/ui/icon";

export const metadata: Metadata = { title: "Join Bulkhead" };
export const dynamic = "force-dynamic";

/** Where an invitation link leads. Its token is in the fragment (#…), which the browser keeps to itself. */
export default function InvitePage() {
  return (
    <main id="content" tabIndex={-1} className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-8 px-4 py-12 focus:outline-none">
      <div className="flex items-center gap-2 text-2xl font-semibold">
        <Icon icon={Shield} className="h-7 w-7 text-brand-600" aria-hidden /> Bulkhead
      </div>
      <section className="w-full rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <AcceptInvitationForm />
      </section>
    </main>
  );
}
