// The egress allow-list is edited one destination per line; allow-list-schema.ts checks each line by the
// API's own rule.

export const allowListLines = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);
