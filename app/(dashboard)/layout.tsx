import { AppShell } from "@/app/_components/shell/app-shell";
import { load } from "@/app/_lib/server-caller";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const me = await load((caller) => caller.identity.me());
  return <AppShell me={me}>{children}</AppShell>;
}
