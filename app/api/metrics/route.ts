import { metricsResponse } from "@/server/observability/probes";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => metricsResponse(request);
