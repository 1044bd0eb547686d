import { redirect } from "next/navigation";
import { navByRole } from "@/app/_components/shell/nav-items";
import { load } from "@/app/_lib/server-caller";

/** Each persona lands on its own home. */
export default async function Home() {
  const me = await load((caller) => caller.identity.me());
  redirect(navByRole[me.role][0].href);
}
