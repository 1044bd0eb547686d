"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { Role } from "@/server/identity/contract";
import { roleLabels } from "@/app/_components/shell/nav-items";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Select } from "@/app/_components/ui/field";

/** An admin picks another role for a person; confirming says that it signs them out everywhere. */
function RoleSelectContent({ user }: { user: { id: string; name: string; email: string; role: Role } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [role, setRole] = useState<Role>(user.role);
  const change = useMutation(
    trpc.identity.setRole.mutationOptions({
      onSuccess: (result) => {
        toast.success(`${user.name} is now ${roleLabels[result.role]}; ${result.sessionsRevoked} session(s) signed out`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const selectId = `role-${user.id}`;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={selectId} className="sr-only">
        Role of {user.email}
      </label>
      <div className="w-40">
        <Select id={selectId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {(Object.keys(roleLabels) as Role[]).map((value) => (
            <option key={value} value={value}>
              {roleLabels[value]}
            </option>
          ))}
        </Select>
      </div>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm" disabled={role === user.role || change.isPending}>
            Change role
          </Button>
        }
        title={`Make ${user.name} ${roleLabels[role]}?`}
        description={`${user.email} is signed out everywhere at once and signs in again as ${roleLabels[role]}. The change is recorded in the audit trail.`}
        confirmLabel="Change role and sign out"
        pending={change.isPending}
        onConfirm={() => change.mutate({ userId: user.id, role })}
      />
    </div>
  );
}

export const RoleSelect = withTRPC(RoleSelectContent);
