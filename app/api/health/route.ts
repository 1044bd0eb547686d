import { healthResponse } from "@/server/observability/probes";

export const dynamic = "force-dynamic";

export const GET = () => healthResponse();
