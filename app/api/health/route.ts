import { healthResponse } from "@/server/web/probes";

export const dynamic = "force-dynamic";

export const GET = () => healthResponse();
