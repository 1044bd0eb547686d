import type { Metadata } from "next";
import { InviteForm } from "@/app/_components/admin/invite-form";
import { PersonActions } from "@/app/_components/admin/person-actions";
import { RevokeInvitationButton } from "@/app/_components/admin/revoke-invitation-button";
import { RoleSelect } from "@/app/_components/admin/role-select";
import { TeamActions } from "@/app/_components/admin/team-actions";
import { TeamForm } from "@/app/_components/admin/team-form";
import { roleLabels } from "@/app/_components/shell/nav-items";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageTitle } from "@/app/_components/ui/page-title";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";
import { utcMinute } from "@/app/_lib/utc-time";

export const metadata: Metadata = { title: "People & teams" };

export default async function AdminHome() {
  const [me, directory] = await load((caller) => Promise.all([caller.identity.me(), caller.identity.directory()]));
  const activeTeams = directory.teams.filter((team) => !team.archivedAt);
  return (
    <div className="space-y-6">
      <PageTitle>People &amp; teams</PageTitle>
      <Card>
        <CardHeader title="Invite someone" description="A one-time link for them to choose their password, with the role and team they will have." />
        <CardBody>
          <InviteForm teams={activeTeams} />
        </CardBody>
        {directory.invitations.length ? (
          <Table aria-label="Pending invitations">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Team</Th>
                <Th>Expires (UTC)</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {directory.invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <Td className="font-mono text-xs">{invitation.email}</Td>
                  <Td>{roleLabels[invitation.role]}</Td>
                  <Td>{invitation.team ?? "—"}</Td>
                  <Td>{utcMinute(invitation.expiresAt)}</Td>
                  <Td>
                    <RevokeInvitationButton invitation={invitation} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </Card>
      <Card>
        <CardHeader title="People" description="Everyone who can sign in, with their role and teams. Changing a role or deactivating someone signs them out everywhere." />
        <Table aria-label="People">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Teams and access</Th>
            </tr>
          </thead>
          <tbody>
            {directory.users.map((user) => (
              <tr key={user.id}>
                <Td className="font-medium">
                  {user.name} {user.deactivatedAt ? <Badge tone="bad">deactivated</Badge> : null}
                </Td>
                <Td className="font-mono text-xs">{user.email}</Td>
                <Td>
                  <RoleSelect user={user} />
                </Td>
                <Td>
                  <PersonActions person={user} teams={directory.teams} self={user.id === me.id} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card>
        <CardHeader title="Teams" description="Developers act inside their teams. A team is archived, never deleted: its history keeps naming it." />
        <CardBody>
          <TeamForm />
        </CardBody>
        {directory.teams.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No teams yet">Create the first team above, then invite its developers.</EmptyState>
          </div>
        ) : (
          <Table aria-label="Teams">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Slug</Th>
                <Th>Members</Th>
                <Th>Apps</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {directory.teams.map((team) => (
                <tr key={team.id}>
                  <Td className="font-medium">
                    {team.name} {team.archivedAt ? <Badge tone="warn">archived</Badge> : null}
                  </Td>
                  <Td className="font-mono text-xs">{team.slug}</Td>
                  <Td>{team.members}</Td>
                  <Td>{team.apps}</Td>
                  <Td>
                    <TeamActions team={team} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
