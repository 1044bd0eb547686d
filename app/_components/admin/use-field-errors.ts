"use client";

import { TRPCClientError } from "@trpc/client";
import { useState } from "react";
import type { AppRouter } from "@/app/_lib/api-types";
import { toast } from "@/app/_components/ui/toast";

/** Field errors of a form, from its own schema check or from the API's answer (anything else is a toast). */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const fromIssues = (issues: { path: PropertyKey[]; message: string }[]) => setErrors(Object.fromEntries(issues.map((issue) => [issue.path.map(String).join("."), issue.message])));
  const fromError = (error: unknown) => {
    const fields = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    if (fields) setErrors(Object.fromEntries(Object.entries(fields).map(([path, messages]) => [path, messages[0]])));
    else toast.error(error instanceof Error ? error.message : String(error));
  };
  return { errors, clear: () => setErrors({}), fromIssues, fromError };
}
