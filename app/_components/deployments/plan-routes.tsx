import type { PlannedRoute } from "@/app/_lib/api-types";
import { Table, Td, Th } from "@/app/_components/ui/table";

/** The only app-to-app routes the plan allows (default deny), each with the native rule that opens it. */
export function PlanRoutes({ routes }: { routes: PlannedRoute[] }) {
  return (
    <section aria-label="Network links in this plan" className="space-y-2">
      <h3 className="text-sm font-semibold">Network links</h3>
      {routes.length ? (
        <Table aria-label="Allowed routes">
          <thead>
            <tr>
              <Th>Direction</Th>
              <Th>App</Th>
              <Th>Port</Th>
              <Th>Native construct</Th>
            </tr>
          </thead>
          <tbody>
            {routes.map((route) => (
              <tr key={`${route.direction}-${route.peer}-${route.port}`}>
                <Td>{route.direction === "inbound" ? "Inbound from" : "Outbound to"}</Td>
                <Td className="font-mono text-xs">{route.peer}</Td>
                <Td className="font-mono text-xs">{route.port}</Td>
                <Td className="text-xs text-slate-600">{route.construct}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="text-sm text-slate-600">No links: no other app may call this one, and it may call none. Approved links on the app&apos;s page open routes.</p>
      )}
    </section>
  );
}
