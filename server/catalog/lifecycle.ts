// A base image's lifecycle, after Cloud Foundry's stacks: approved → deprecated → restricted → revoked, only
// forward. An operator moves an image along by hand; its end-of-life date moves it by itself (lifecycle-job.ts):
// deprecated 90 days before, restricted 30 days before (what runs may redeploy, nothing new is placed on it),
// revoked on the day (policy refuses every deploy past the end of life anyway). PURE and client-safe.
import type { BaseImageStatus } from "@/server/db/generated/enums";

const ORDER: BaseImageStatus[] = ["approved", "deprecated", "restricted", "revoked"];

export type RetiredStatus = Exclude<BaseImageStatus, "approved">;

/** The audit action of each move. */
export const RETIRE_ACTIONS: Record<RetiredStatus, string> = { deprecated: "base-image.deprecate", restricted: "base-image.restrict", revoked: "base-image.revoke" };

/** Whether `next` comes after `current` in the lifecycle. */
export const isLater = (next: BaseImageStatus, current: BaseImageStatus) => ORDER.indexOf(next) > ORDER.indexOf(current);

/** Days before the end of life at which the date moves an image to each status. */
export const DAYS_BEFORE_END: Record<RetiredStatus, number> = { deprecated: 90, restricted: 30, revoked: 0 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The status an image's end of life calls for on `now`: the latest whose day (a UTC midnight) has begun. */
export function statusDueBy(endOfLife: Date | null, now: Date): BaseImageStatus {
  if (!endOfLife) return "approved";
  const due = (["revoked", "restricted", "deprecated"] as const).find((status) => now.getTime() >= endOfLife.getTime() - DAYS_BEFORE_END[status] * DAY_MS);
  return due ?? "approved";
}

/** The move the date calls for, or null: never backward, so an operator's earlier move stands. */
export function lifecycleMove(image: { status: BaseImageStatus; endOfLife: Date | null }, now: Date): RetiredStatus | null {
  const due = statusDueBy(image.endOfLife, now);
  return due !== "approved" && isLater(due, image.status) ? due : null;
}

/** The next move the date will make, and its day, for the catalog to announce; null when none is ahead. */
export function nextLifecycleMove(image: { status: BaseImageStatus; endOfLife: Date | null }, now: Date): { status: RetiredStatus; on: Date } | null {
  if (!image.endOfLife) return null;
  const ahead = (["deprecated", "restricted", "revoked"] as const)
    .map((status) => ({ status, on: new Date(image.endOfLife!.getTime() - DAYS_BEFORE_END[status] * DAY_MS) }))
    .filter(({ status, on }) => isLater(status, image.status) && on.getTime() > now.getTime());
  return ahead[0] ?? null;
}
