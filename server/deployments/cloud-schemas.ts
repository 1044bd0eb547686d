import { z } from "zod";

// Inputs of what the cloud says about a deployment (cloud-state.ts): its logs and their export.

// The longest ISO 8601 time the format allows is 35 characters (nanoseconds and an offset); the bound keeps every input string bounded.
const instant = (field: string) => z.string().max(40, `${field}: too long for a time`).pipe(z.iso.datetime({ offset: true, message: `${field}: an ISO 8601 time with its offset, e.g. 2026-12-03T10:00:00Z` }));

const logRange = {
  id: z.string().uuid("Not a valid deployment id"),
  since: instant("since").optional(),
  until: instant("until").optional(),
  filter: z.string().min(1, "Type something to search for, or leave the search out").max(200, "At most 200 characters").regex(/^[^\r\n]*$/, "One line of text").optional(),
};

const ordered = <T extends { since?: string; until?: string }>(range: T) => range.since === undefined || range.until === undefined || Date.parse(range.since) < Date.parse(range.until);
const orderMessage = { message: "The range must start before it ends", path: ["until"] };

/** Lines to show: the newest `limit` of the range. */
export const deploymentLogsInput = z.object({ ...logRange, limit: z.number().int().min(1).max(2000).default(500) }).refine(ordered, orderMessage);

/** Lines to download: the newest `limit` of the range, at most 20,000. */
export const exportLogsInput = z.object({ ...logRange, limit: z.number().int().min(1).max(20_000).default(10_000) }).refine(ordered, orderMessage);

/** Following: lines from `since` (default: the newest 200 so far), then each new one. */
export const followLogsInput = z.object({ id: logRange.id, since: logRange.since, filter: logRange.filter });

export type DeploymentLogsInput = z.output<typeof deploymentLogsInput>;
export type ExportLogsInput = z.output<typeof exportLogsInput>;
export type FollowLogsInput = z.output<typeof followLogsInput>;
