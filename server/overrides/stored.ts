import { z } from "zod";
import { parseColumn } from "@/server/db/json-column";
import { refusedRequest, type RefusedRequest } from "@/server/deployments/schemas";
import { policyReason } from "@/server/deployments/views";
import type { Reason } from "@/server/policy/evaluate";

// A break-glass override's JSON columns, parsed where they leave the database with the schemas that define them; a
// row that does not fit throws, naming the override and the column.

export const waivedReasons = z.array(policyReason);

/** The reasons the override waives (as the refusal stated them). */
export const storedWaives = (row: { id: string; waives: unknown }): Reason[] => parseColumn(waivedReasons, row.waives, { model: "BreakGlassOverride", id: row.id, field: "waives" });

/** What the override waives, as a policy evaluation takes it: code and subject. */
export const storedWaivers = (row: { id: string; waives: unknown }) => storedWaives(row).map(({ code, subject }) => ({ code, subject }));

/** The refused deploy the override runs again. */
export const storedRequest = (row: { id: string; request: unknown }): RefusedRequest => parseColumn(refusedRequest, row.request, { model: "BreakGlassOverride", id: row.id, field: "request" });
