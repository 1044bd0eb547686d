"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import type { PolicyImpact } from "@/app/_lib/api-types";
import type { PlatformPolicy } from "@/server/policy/contract";
import { useTRPC } from "@/app/_lib/trpc";

/**
 * Saving a platform policy the way every policy form does: first the live deployments it would flag (policy.impact),
 * shown in a confirmation; then, confirmed, policy.setPlatform (audited before/after) and a refreshed page.
 * `refused` gets what either call refuses.
 */
export function usePlatformPolicySave({ saved, refused }: { saved: string; refused: (error: { message: string }) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<{ proposed: PlatformPolicy; impact: PolicyImpact } | null>(null);
  const [checking, setChecking] = useState(false);
  const save = useMutation(
    trpc.policy.setPlatform.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        toast.success(saved);
        router.refresh();
      },
      onError: (error) => {
        setConfirming(null);
        refused(error);
      },
    }),
  );
  async function check(proposed: PlatformPolicy) {
    setChecking(true);
    try {
      setConfirming({ proposed, impact: await queryClient.fetchQuery({ ...trpc.policy.impact.queryOptions(proposed), staleTime: 0 }) });
    } catch (error) {
      refused(error instanceof Error ? error : { message: String(error) });
    } finally {
      setChecking(false);
    }
  }
  return {
    check,
    checking,
    pending: save.isPending,
    confirming: confirming && { impact: confirming.impact, onConfirm: () => save.mutate(confirming.proposed), onClose: () => setConfirming(null) },
  };
}
