// When a base image's end of life has passed, and how far off it is, judged the same way wherever it is asked:
// policy refuses deploys on an image past it, an app may not be registered on one, and pages show the days left.
// Pure and client-safe (exported to pages through ./contract.ts).

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the end-of-life date (a UTC day, stored as its midnight) has passed: from that midnight on. */
export function endOfLifePassed(endOfLife: Date | null, now: Date): boolean {
  return endOfLife !== null && endOfLife.getTime() < now.getTime();
}

/** Whole UTC days from today to the end-of-life day: 0 on the day itself, negative once it has passed. */
export function daysToEndOfLife(endOfLife: Date, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((endOfLife.getTime() - today) / DAY_MS);
}

/** "ends in 12 days", "ended today", "ended 3 days ago": as the catalog and an app's page say it. The day itself
 * counts as ended, as policy judges it (endOfLifePassed from its first second). */
export function endOfLifeDistance(endOfLife: Date, now: Date): string {
  const days = daysToEndOfLife(endOfLife, now);
  const count = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  if (days > 0) return `ends in ${count(days)}`;
  if (days === 0) return "ended today";
  return `ended ${count(-days)} ago`;
}
