import type { Metadata } from "next";
import { RoleSelect } from "@/app/_components/admin/role-select";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "People & teams" };

export default async function AdminHome() {
  const directory = await load((caller) => caller.identity.directory());
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="People" description="Everyone who can sign in, with their role and teams. Changing a role signs the person out everywhere." />
        <Table aria-label="People">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Teams</Th>
            </tr>
          </thead>
          <tbody>
            {directory.users.map((user) => (
              <tr key={user.id}>
                <Td className="font-medium">{user.name}</Td>
                <Td className="font-mono text-xs">{user.email}</Td>
                <Td>
                  <RoleSelect user={user} />
                </Td>
                <Td>{user.teams.join(", ") || "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card>
        <CardHeader title="Teams" />
        <Table aria-label="Teams">
          <thead>
            <tr>
              <Th>Team</Th>
              <Th>Members</Th>
              <Th>Apps</Th>
            </tr>
          </thead>
          <tbody>
            {directory.teams.map((team) => (
              <tr key={team.id}>
                <Td className="font-medium">{team.name}</Td>
                <Td>{team.members}</Td>
                <Td>{team.apps}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
