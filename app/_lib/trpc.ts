import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/app/_lib/api-types";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
