import { isDeepStrictEqual } from "node:util";
import type { DriftedSetting } from "./types";

/** The settings whose value in the cloud is not the one the plan sent, in the order given. */
export function differences(settings: [field: string, expected: unknown, actual: unknown][]): DriftedSetting[] {
  return settings.filter(([, expected, actual]) => !isDeepStrictEqual(expected, actual)).map(([field, expected, actual]) => ({ field, expected, actual }));
}

/** Name/value pairs in name order, for comparing lists the cloud may return in another order. */
export const byName = <T extends { name?: string }>(items: readonly T[] | undefined): T[] => [...(items ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name)));

export const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
