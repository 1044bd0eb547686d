import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcMinute } from "@/app/_lib/utc-time";
import { SecretActions } from "./secret-actions";
import { SetSecretForm } from "./set-secret-form";

type Secrets = inferRouterOutputs<AppRouter>["secrets"]["list"];

/** The app's secrets: write-only, so only names, versions, fingerprints and who set them; values never come back. */
export function SecretsCard({ appId, view, targets }: { appId: string; view: Secrets; targets: { id: string; name: string }[] }) {
  return (
    <Card>
      <CardHeader
        title="Secrets"
        description="Passwords, tokens and keys the app's containers get as environment variables, through each cloud's own secret store. Sealed at rest and write-only: nobody can read a value back, here or through the API. Setting, rotating or deleting one re-applies the live deployments that use it."
      />
      <CardBody className="space-y-5">
        {view.secrets.length ? (
          <Table aria-label="Secrets">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Applies to</Th>
                <Th>Version</Th>
                <Th>Fingerprint</Th>
                <Th>Set</Th>
                <Th>Used by</Th>
                {view.can.write ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {view.secrets.map((secret) => (
                <tr key={`${secret.name}:${secret.target?.id ?? "all"}`}>
                  <Td className="font-mono">{secret.name}</Td>
                  <Td>{secret.target ? secret.target.name : "Every target"}</Td>
                  <Td>v{secret.version}</Td>
                  <Td>
                    <code className="font-mono text-xs" title="Truncated HMAC-SHA-256 of the value under a server key: tells versions apart, reveals nothing">
                      {secret.fingerprint}
                    </code>
                  </Td>
                  <Td className="text-xs text-slate-600">
                    {utcMinute(secret.setAt)}
                    {secret.setBy ? <div>{secret.setBy}</div> : null}
                  </Td>
                  <Td className="text-xs">
                    {secret.usedBy.length
                      ? secret.usedBy.map((use) => (
                          <div key={use.deploymentId}>
                            <a className="text-brand-700 underline" href={`/deployments/${use.deploymentId}`}>
                              {use.target}
                            </a>{" "}
                            v{use.version} ({use.status})
                          </div>
                        ))
                      : "No live deployment"}
                  </Td>
                  {view.can.write ? (
                    <Td>
                      <SecretActions appId={appId} secret={{ name: secret.name, targetId: secret.target?.id, scope: secret.target?.name ?? "every target" }} />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No secrets">{view.can.write ? "Add one below: its value is sealed and never shown again." : "Developers of the app's team add them."}</EmptyState>
        )}
        {view.can.write ? (
          <section className="space-y-2">
            <h3 className="text-sm font-semibold">Add or rotate a secret</h3>
            <SetSecretForm appId={appId} targets={targets} />
          </section>
        ) : null}
      </CardBody>
    </Card>
  );
}
